using Nao.Experiments;

namespace Nao.Cli.Commands;

/// <summary>
/// The parts of a search that live in Nao.Torch (the NAO controller, the training evaluators), wired into the
/// library's <see cref="SearchRunner"/>. A part that has not landed yet is null, and asking for it is a usage error.
/// </summary>
internal static class Factories
{
    /// <summary>A runner with every part this build has.</summary>
    public static SearchRunner Runner() => new(optimizers: null, trainers: null);
}
