using Nao.Evaluation;
using Nao.Experiments;

namespace Nao.Cli.Commands;

/// <summary>
/// The parts of a search that live in Nao.Torch (the NAO controller, the training evaluators), wired into the
/// library's <see cref="SearchRunner"/>. A part that has not landed yet is null, and asking for it is a usage error.
/// </summary>
internal static class Factories
{
    /// <summary>A runner with every part this build has; <paramref name="remote"/> sends evaluations elsewhere (a cluster).</summary>
    public static SearchRunner Runner(Func<SearchOptions, IEvaluator>? remote = null) => new(optimizers: null, trainers: null, remote);

    /// <summary>
    /// Completes the options with the full settings of the parts this build wires in (the controller's, once it is
    /// here), so the run folder records them. Without the controller there is nothing to add.
    /// </summary>
    public static SearchOptions Describe(SearchOptions options) => options;
}
