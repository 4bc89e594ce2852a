using Nao.Experiments;
using Nao.Reporting;
using Nao.Search;
using Nao.Storage;
using Nao.Strategies;

namespace Nao.Sessions;

/// <summary>
/// Runs several strategies over many seeds with otherwise identical options (same space, evaluator and budget), for a
/// fair comparison of best-so-far curves. Each search is seeded exactly as <c>nao search --seed S</c> seeds it (search
/// and benchmark noise), so seed S of a comparison is that search, and the spread over seeds includes the noise.
/// </summary>
public sealed class Comparison(SearchRunner runner)
{
    /// <summary>The folder of one search under a comparison's runs folder: <c>STRATEGY-sSEED</c>.</summary>
    public static string RunFolder(string runsDirectory, string strategy, int seed) =>
        Path.Combine(runsDirectory, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{strategy}-s{seed}"));

    /// <summary>
    /// The options of seed <paramref name="seed"/>: the search seed and the benchmark's noise seed both set to it, as
    /// <c>nao search --seed</c> sets them (one noise seed for all would leave the noise out of the spread over seeds).
    /// </summary>
    public static SearchOptions ForSeed(SearchOptions options, int seed) =>
        options with { Seed = seed, Benchmark = options.Benchmark with { NoiseSeed = seed }, Table = options.Table with { NoiseSeed = seed } };

    /// <summary>
    /// Runs every strategy's options with seeds 0..seeds-1 (see the overload with a first seed). With <paramref name="runsDirectory"/> each search is a run
    /// folder there (<see cref="RunFolder"/>), which <c>nao report</c>, <c>nao runs</c> and <c>nao search --resume</c>
    /// open; without, the searches stay in memory. <paramref name="onRun"/> hears of each finished search.
    /// </summary>
    /// <exception cref="SearchSpaces.UnknownNameException">An unknown strategy name.</exception>
    /// <exception cref="IOException">A run folder already holds a run; nothing has run.</exception>
    public Task<IReadOnlyList<ComparisonRun>> RunAsync(IReadOnlyList<SearchOptions> strategies, int seeds, string? runsDirectory,
        Action<ComparisonRun>? onRun, CancellationToken cancellationToken) => RunAsync(strategies, seeds, runsDirectory, 0, onRun, cancellationToken);

    /// <summary>
    /// Runs every strategy's options with seeds <paramref name="firstSeed"/>..firstSeed+seeds-1, so that settings chosen
    /// on some seeds can be reported on others.
    /// </summary>
    /// <exception cref="SearchSpaces.UnknownNameException">An unknown strategy name.</exception>
    /// <exception cref="IOException">A run folder already holds a run; nothing has run.</exception>
    public async Task<IReadOnlyList<ComparisonRun>> RunAsync(IReadOnlyList<SearchOptions> strategies, int seeds, string? runsDirectory, int firstSeed,
        Action<ComparisonRun>? onRun, CancellationToken cancellationToken)
    {
        if (firstSeed < 0) throw new ArgumentException($"The first seed must be at least 0; got {firstSeed}.");
        if (seeds < 1) throw new ArgumentException($"The number of seeds must be at least 1; got {seeds}.");
        if (strategies.Count == 0) throw new ArgumentException("Name at least one strategy to compare.");
        // Validate every strategy's options before running any, so a bad name fails at once.
        var all = strategies.Select(SearchFactory.Validate).ToList();
        foreach (var options in all) runner.CheckAvailable(options);
        if (runsDirectory is not null)
        {
            var taken = all.SelectMany(o => Enumerable.Range(firstSeed, seeds).Select(s => RunFolder(runsDirectory, o.Strategy, s))).FirstOrDefault(RunStore.IsRun);
            if (taken is not null) throw new IOException($"'{taken}' already holds a run; a comparison writes new run folders only.");
        }
        var reference = RunReport.BenchmarkReference(all[0]);
        var runs = new List<ComparisonRun>();
        foreach (var options in all)
        {
            for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
            {
                var started = DateTime.UtcNow;
                var folder = runsDirectory is null ? null : RunFolder(runsDirectory, options.Strategy, seed);
                var trials = await SearchAsync(ForSeed(options, seed), folder, cancellationToken);
                var curve = reference is { } r
                    ? Curves.BestSoFar(trials, t => t.Metrics.GetValueOrDefault(r.Metric, double.NaN))
                    : Curves.BestSoFar(trials);
                var run = new ComparisonRun(options.Strategy, seed, curve, DateTime.UtcNow - started, folder);
                runs.Add(run);
                onRun?.Invoke(run);
            }
        }
        return runs;
    }

    /// <summary>One search, in a new run folder (as <c>nao search</c> makes it) or in memory.</summary>
    private async Task<IReadOnlyList<Trial>> SearchAsync(SearchOptions options, string? folder, CancellationToken cancellationToken)
    {
        if (folder is null)
        {
            return (await runner.RunAsync(options, new MemoryTrialStore(), new NoCheckpoints(), null, cancellationToken)).Trials;
        }
        using var store = RunStore.Create(folder, options);
        return (await runner.RunAsync(store, null, cancellationToken)).Trials;
    }
}
