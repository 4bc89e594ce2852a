using System.Diagnostics;
using Nao.Benchmarks;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Controller;

/// <summary>
/// Measures a controller on a tabular benchmark (issue 3): disjoint random train and test sets, a fit on the train
/// set, the quality measures on the test set, and one optimization step from the best training architectures.
/// </summary>
public static class ControllerEvaluation
{
    /// <summary>Runs the evaluation.</summary>
    /// <param name="table">The benchmark; architectures without a value of <paramref name="metric"/> are left out.</param>
    /// <param name="metric">The column used as the score (higher better).</param>
    /// <param name="train">Training architectures (at least 2).</param>
    /// <param name="test">Held-out architectures (at least 2).</param>
    /// <param name="topSeeds">Seeds of the optimization step: the best training architectures by true score.</param>
    /// <param name="seed">Seeds the split and the fit.</param>
    /// <param name="options">Controller settings.</param>
    /// <param name="progress">Receives one line per phase; may be null.</param>
    /// <param name="cancellationToken">Stops the fit between epochs.</param>
    /// <param name="space">
    /// The space the controller works in; its texts must be the table's (a space file equivalent to the table's space).
    /// Default: the table's own space.
    /// </param>
    /// <exception cref="ArgumentException">Sizes out of range, or more architectures asked for than the table has.</exception>
    /// <exception cref="SearchSpaces.UnknownNameException">No such metric.</exception>
    public static ControllerEvaluationReport Run(TabularBenchmark table, string metric, int train, int test, int topSeeds, int seed,
        ControllerOptions options, Action<string>? progress, CancellationToken cancellationToken, ISearchSpace? space = null)
    {
        space ??= table.Space;
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        var column = table.MetricIndex(metric);
        metric = table.Metrics[column];
        ArgumentOutOfRangeException.ThrowIfLessThan(train, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(test, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(topSeeds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topSeeds, train);
        options.Validate();
        var watch = Stopwatch.StartNew();
        var scored = table.Architectures
            .Select(g => (Genotype: g, Score: table.Lookup(g, metric)))
            .Where(p => p.Score is not null)
            .Select(p => new ScoredArchitecture(space == table.Space ? p.Genotype : space.Parse(p.Genotype.Canonical), p.Score!.Value))
            .ToArray();
        if (train + test > scored.Length)
        {
            throw new ArgumentException($"{train} training + {test} test architectures exceed the {scored.Length} of the table with a value of {metric}.");
        }
        new Random(seed).Shuffle(scored);
        var trainSet = scored[..train];
        var testSet = scored[train..(train + test)];

        using var controller = new NaoController(space, options);
        progress?.Invoke($"training the controller on {train} architectures for {options.Epochs} epochs");
        var fit = controller.Fit(trainSet, seed, cancellationToken);
        progress?.Invoke($"measuring on {test} held-out architectures");
        var quality = ControllerQuality.Measure(controller, testSet);

        var known = trainSet.Select(s => s.Genotype).ToHashSet();
        var seeds = trainSet.OrderByDescending(s => s.Score).Take(topSeeds).ToArray();
        progress?.Invoke($"one optimization step from the top {seeds.Length} training architectures");
        var proposals = controller.Propose([.. seeds.Select(s => s.Genotype)], known.Contains, cancellationToken);
        var trueScore = seeds.ToDictionary(s => s.Genotype, s => s.Score);
        var improved = proposals.Where(p => p.PredictedAfter > p.PredictedBefore).ToArray();
        // The ceiling of the improvement count: seeds for which the table holds any architecture outside the training set
        // that the predictor rates above them.
        var unknown = table.Architectures.Select(g => space == table.Space ? g : space.Parse(g.Canonical)).Where(g => !known.Contains(g)).ToArray();
        var bestUnknown = unknown.Length == 0 ? double.NegativeInfinity : controller.Predict(unknown).Max();
        var improvable = controller.Predict([.. seeds.Select(s => s.Genotype)]).Count(p => bestUnknown > p);
        // Checked here again rather than trusted: valid in the space, outside the training set, no duplicates.
        var distinct = new HashSet<Genotype>();
        var newAndValid = proposals.Count(p => IsValid(space, p.Genotype) && !known.Contains(p.Genotype) && distinct.Add(p.Genotype));
        var gains = proposals
            .Select(p => table.Lookup(p.Genotype, metric) is { } after ? after - trueScore[p.Seed] : (double?)null)
            .OfType<double>().ToArray();
        return new ControllerEvaluationReport(table.Source, metric, seed, train, test, options, fit, quality, seeds.Length,
            improved.Length, improvable, improved.Count(p => p.Steps == 1), improved.Count(p => p.Steps == 1 && p.Position is not null), proposals.Count, newAndValid,
            proposals.Count == 0 ? double.NaN : proposals.Average(p => p.StepSize), gains.Length == 0 ? double.NaN : gains.Average(), watch.Elapsed);
    }

    private static bool IsValid(ISearchSpace space, Genotype genotype)
    {
        try
        {
            space.Validate(genotype);
            return true;
        }
        catch (ArchitectureFormatException)
        {
            return false;
        }
    }
}
