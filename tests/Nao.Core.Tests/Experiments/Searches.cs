using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Tests.Experiments;

/// <summary>Runs searches on NAS-Bench-201 genotypes for tests.</summary>
internal static class Searches
{
    public static ISearchSpace Space => SearchSpaceRegistry.Nb201;

    public static SearchSummary Run(ISearchStrategy strategy, IEvaluator evaluator, int budget, int parallel = 1, ITrialStore? store = null, double timeoutSeconds = 0) =>
        new SearchLoop(Space, strategy, evaluator, store ?? new MemoryTrialStore(),
                new SearchLoopOptions { Budget = budget, Parallel = parallel, TimeoutSeconds = timeoutSeconds })
            .RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    public static double BestSoFar(SearchSummary summary) => summary.Trials.Where(t => t.Status == TrialStatus.Ok).Max(t => t.Score);

    /// <summary>Trial-by-trial identity: index, architecture, status and score.</summary>
    public static IEnumerable<string> Fingerprint(IEnumerable<Trial> trials) =>
        trials.Select(t => $"{t.Index} {t.Round} {t.Genotype} {t.Status} {t.Score:R} {t.Record.ToJsonString()}");
}
