using Nao.Evaluation;
using Nao.Parts;
using Nao.Search;
using Nao.Sessions;

namespace Nao.Cli.Commands;

/// <summary>The runner every command searches with: every part this build has (Core's and Nao.Torch's), and the CLI's progress printers.</summary>
internal static class Runners
{
    /// <summary>
    /// A runner over <see cref="TorchParts.All"/>; <paramref name="remote"/> sends evaluations elsewhere (a cluster);
    /// <paramref name="progress"/> receives the supernet's epochs and the final retraining of a weight-sharing search.
    /// </summary>
    public static SearchRunner Create(Func<SearchOptions, IEvaluator>? remote = null, TextWriter? progress = null) =>
        new(TorchParts.All, remote)
        {
            SupernetProgress = progress is null ? null : new SupernetProgressPrinter(progress),
            FinalProgress = progress is null ? null : new FinalTrainingPrinter(progress),
        };
}
