using Nao.Evaluation;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Experiments;

/// <summary>
/// The registry of strategies and evaluators by name, and the one validator of <see cref="SearchOptions"/>, run
/// before any costly work (a bad option fails in milliseconds, not after the first round).
/// </summary>
public static class SearchFactory
{
    /// <summary>The benchmark evaluator's name.</summary>
    public const string BenchmarkEvaluator = "benchmark";

    /// <summary>The training evaluator's name.</summary>
    public const string TrainEvaluator = "train";

    /// <summary>The sleep evaluator's name: a table lookup after a fixed wait (a slow, deterministic fake).</summary>
    public const string SleepEvaluator = "sleep";

    /// <summary>The strategy names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [NaoStrategy.StrategyName, RandomSearch.StrategyName, RegularizedEvolution.StrategyName];

    /// <summary>The evaluator names.</summary>
    public static IReadOnlyList<string> Evaluators { get; } = [BenchmarkEvaluator, TrainEvaluator, SleepEvaluator];

    /// <summary>Checks names and values; returns the options with names normalized to their registry spelling.</summary>
    /// <exception cref="UnknownNameException">Unknown space, strategy or evaluator; the message lists the valid ones.</exception>
    /// <exception cref="ArgumentException">A value is out of range or the combination is invalid; the message says which and the fix.</exception>
    public static SearchOptions Validate(SearchOptions options)
    {
        var space = SearchSpaceRegistry.Get(options.Space);
        var strategy = Strategies.FirstOrDefault(s => string.Equals(s, options.Strategy?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownNameException("strategy name", options.Strategy ?? "", Strategies);
        var evaluator = Evaluators.FirstOrDefault(s => string.Equals(s, options.Evaluator?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownNameException("evaluator name", options.Evaluator ?? "", Evaluators);
        options.Loop.Validate();
        options.Benchmark.Validate();
        options.Sleep.Validate();
        options.Nao.Validate();
        options.Evolution.Validate();
        if (strategy == NaoStrategy.StrategyName && options.Loop.Budget <= options.Nao.InitialPoolSize)
        {
            throw new ArgumentException(
                $"The budget ({options.Loop.Budget}) must exceed NAO's initial pool ({options.Nao.InitialPoolSize}), or no round would run. " +
                "Raise the budget or lower the initial pool.");
        }
        if (evaluator is BenchmarkEvaluator or SleepEvaluator && space != SearchSpaceRegistry.Nb201)
        {
            throw new ArgumentException(
                $"The {evaluator} evaluator looks architectures up in a NAS-Bench-201 table, so it needs the nb201 space, not '{space.Name}'. " +
                "Use --space nb201, or --evaluator train to train each child.");
        }
        return options with { Space = space.Name, Strategy = strategy, Evaluator = evaluator };
    }

    /// <summary>
    /// Builds the strategy the options name. NAO needs an optimizer (used, not owned) and a place for its checkpoints;
    /// the others ignore both.
    /// </summary>
    /// <exception cref="InvalidOperationException">NAO without an optimizer.</exception>
    public static ISearchStrategy CreateStrategy(SearchOptions options, Random random, IArchitectureOptimizer? optimizer, IOptimizerCheckpoints? checkpoints = null)
    {
        var space = SearchSpaceRegistry.Get(options.Space);
        return options.Strategy switch
        {
            NaoStrategy.StrategyName => new NaoStrategy(space, options.Nao,
                optimizer ?? throw new InvalidOperationException("The NAO strategy needs an architecture optimizer (the NAO controller)."),
                checkpoints ?? new NoCheckpoints(), random),
            RandomSearch.StrategyName => new RandomSearch(space, random),
            RegularizedEvolution.StrategyName => new RegularizedEvolution(space, options.Evolution, random),
            _ => throw new UnknownNameException("strategy name", options.Strategy, Strategies),
        };
    }
}
