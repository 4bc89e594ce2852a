using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Search;

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

    /// <summary>The weight-sharing evaluator's name: scores from a supernet trained between rounds (NAO-WS).</summary>
    public const string WeightSharingEvaluator = "weight-sharing";

    /// <summary>The spaces that have a supernet.</summary>
    public static IReadOnlyList<string> WeightSharingSpaces { get; } = ["enas", "enas-rnn"];

    /// <summary>The strategy names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [NaoStrategy.StrategyName, RandomSearch.StrategyName, RegularizedEvolution.StrategyName];

    /// <summary>The evaluator names.</summary>
    public static IReadOnlyList<string> Evaluators { get; } = [BenchmarkEvaluator, TrainEvaluator, WeightSharingEvaluator, SleepEvaluator];

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
        if (evaluator == WeightSharingEvaluator) return ValidateWeightSharing(options, space, strategy);
        if (options.Supernet is not null)
        {
            throw new ArgumentException($"--supernet settings apply to --evaluator weight-sharing only; drop them, or use --evaluator weight-sharing (got --evaluator {evaluator}).");
        }
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
    /// Weight sharing: a space with a supernet, NAO or random search (the supernet trains on a pool, which evolution
    /// has no notion of), one scoring at a time (training happens between scorings), and a budget that is the number of
    /// scorings the rounds plan, so it is set from the weight-sharing options.
    /// </summary>
    private static SearchOptions ValidateWeightSharing(SearchOptions options, ISearchSpace space, string strategy)
    {
        if (!WeightSharingSpaces.Contains(space.Name))
        {
            throw new ArgumentException($"The weight-sharing evaluator has supernets for the {string.Join(" and ", WeightSharingSpaces)} spaces, not '{space.Name}'. " +
                "Use --space enas or --space enas-rnn, or --evaluator benchmark on nb201.");
        }
        if (strategy == RegularizedEvolution.StrategyName)
        {
            throw new ArgumentException("Weight sharing runs NAO (--strategy nao) or its random-search baseline (--strategy random); evolution has no pool for the supernet to train on.");
        }
        if (options.Loop.Parallel != 1)
        {
            throw new ArgumentException($"Weight sharing scores one architecture at a time with one supernet; drop --parallel (got {options.Loop.Parallel}).");
        }
        options.WeightSharing.Validate();
        return options with
        {
            Space = space.Name,
            Strategy = strategy,
            Evaluator = WeightSharingEvaluator,
            Loop = options.Loop with { Budget = options.WeightSharing.PlannedScorings },
        };
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
