using Nao.Reporting;
using Nao.Strategies;

namespace Nao.Experiments;

/// <summary>
/// Runs several strategies over many seeds with otherwise identical options (same space, evaluator and budget), in
/// memory, for a fair comparison of best-so-far curves.
/// </summary>
public sealed class Comparison(SearchRunner runner)
{
    /// <summary>Runs every strategy with seeds 0..seeds-1; <paramref name="onRun"/> hears of each finished search.</summary>
    /// <exception cref="SearchSpaces.UnknownNameException">An unknown strategy name.</exception>
    public async Task<IReadOnlyList<ComparisonRun>> RunAsync(SearchOptions baseOptions, IReadOnlyList<string> strategies, int seeds,
        Action<ComparisonRun>? onRun, CancellationToken cancellationToken)
    {
        if (seeds < 1) throw new ArgumentException($"The number of seeds must be at least 1; got {seeds}.");
        // Validate every strategy's options before running any, so a bad name fails at once.
        var all = strategies.Select(s => SearchFactory.Validate(baseOptions with { Strategy = s })).ToList();
        foreach (var options in all) runner.CheckAvailable(options);
        var reference = RunReport.BenchmarkReference(all[0]);
        var runs = new List<ComparisonRun>();
        foreach (var options in all)
        {
            for (var seed = 0; seed < seeds; seed++)
            {
                var started = DateTime.UtcNow;
                var summary = await runner.RunAsync(options with { Seed = seed }, new MemoryTrialStore(), new NoCheckpoints(), null, cancellationToken);
                var curve = reference is { } r
                    ? Curves.BestSoFar(summary.Trials, t => t.Metrics.GetValueOrDefault(r.Metric, double.NaN))
                    : Curves.BestSoFar(summary.Trials);
                var run = new ComparisonRun(options.Strategy, seed, curve, DateTime.UtcNow - started);
                runs.Add(run);
                onRun?.Invoke(run);
            }
        }
        return runs;
    }
}
