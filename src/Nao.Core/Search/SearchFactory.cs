using Nao.Evaluation;
using Nao.Search.Evaluators;
using Nao.Experiments;
using Nao.Scheduling;
using Nao.Objectives;
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
    public const string BenchmarkEvaluator = BenchmarkEvaluatorFactory.EvaluatorName;

    /// <summary>The training evaluator's name.</summary>
    public const string TrainEvaluator = TrainEvaluatorFactory.EvaluatorName;

    /// <summary>The sleep evaluator's name: a table lookup after a fixed wait (a slow, deterministic fake).</summary>
    public const string SleepEvaluator = SleepEvaluatorFactory.EvaluatorName;

    /// <summary>The weight-sharing evaluator's name: scores from a supernet trained between rounds (NAO-WS).</summary>
    public const string WeightSharingEvaluator = WeightSharingEvaluatorFactory.EvaluatorName;

    /// <summary>The spaces that have a supernet.</summary>
    public static IReadOnlyList<string> WeightSharingSpaces => WeightSharingEvaluatorFactory.Spaces;

    /// <summary>The strategy names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Strategies { get; } =
        [NaoStrategy.StrategyName, RandomSearch.StrategyName, RegularizedEvolution.StrategyName, LocalSearch.StrategyName, BananasStrategy.StrategyName, Nsga2Evolution.StrategyName];

    /// <summary>The evaluator names.</summary>
    public static IReadOnlyList<string> Evaluators => SearchParts.Core.EvaluatorNames;

    /// <summary>
    /// Checks names and values with Core's parts only: the settings of parts that live elsewhere (the controller, a
    /// trainer, a supernet) are left as given. A worker checks requests so; a search completes them with
    /// <see cref="Validate(SearchOptions, SearchParts)"/>.
    /// </summary>
    /// <exception cref="UnknownNameException">Unknown space, strategy or evaluator; the message lists the valid ones.</exception>
    /// <exception cref="ArgumentException">A value is out of range or the combination is invalid; the message says which and the fix.</exception>
    public static SearchOptions Validate(SearchOptions options) => Validate(options, SearchParts.Core.WithoutResolving());

    /// <summary>
    /// Checks names and values, and returns the options complete: names in their registry spelling, and the settings
    /// of every part the search uses (controller, trainer, supernet) resolved by that part's factory in
    /// <paramref name="parts"/> (its defaults for the space, then the user's), so the run stores what it used and a
    /// resume does not depend on later default changes. Runs before any costly work: a bad option fails in milliseconds.
    /// </summary>
    /// <exception cref="UnknownNameException">Unknown space, strategy or evaluator; the message lists the valid ones.</exception>
    /// <exception cref="ArgumentException">A value is out of range or the combination is invalid; the message says which and the fix.</exception>
    public static SearchOptions Validate(SearchOptions options, SearchParts parts)
    {
        var space = parts.Space(options);
        var strategy = Strategies.FirstOrDefault(s => string.Equals(s, options.Strategy?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownNameException("strategy name", options.Strategy ?? "", Strategies);
        var evaluator = parts.Evaluator(options.Evaluator);
        options = options with { Space = space.Name, Strategy = strategy, Evaluator = evaluator.Name };
        options.Loop.Validate();
        options.Nao.Validate();
        options.Evolution.Validate();
        options.Bananas.Validate();
        options.EarlyStop.Validate();
        options.Scheduler.Validate();
        if (evaluator.Name == WeightSharingEvaluator && (options.Scheduler.IsEnabled || options.EarlyStop.Rule != "none"))
        {
            throw new ArgumentException("--scheduler and --early-stop apply to evaluators that train or look up each child, not to weight sharing; drop them.");
        }
        if (strategy == Nsga2Evolution.StrategyName && !options.Objectives.IsPareto)
        {
            throw new ArgumentException("--strategy nsga2 is a Pareto search: give --objective accuracy:max --objective flops:min (or params:min).");
        }
        // Core alone prices no space: it checks the form here, and a search's parts (with Nao.Torch's costs) check the metrics.
        if (options.Objectives.IsActive) options.Objectives.Validate(parts.CostModel(options, space), requireCosts: parts.PricesSpaces);
        if (evaluator.Name != WeightSharingEvaluator)
        {
            if (options.Supernet is not null)
            {
                throw new ArgumentException($"--supernet settings apply to --evaluator weight-sharing only; drop them, or use --evaluator weight-sharing (got --evaluator {evaluator.Name}).");
            }
            if (options.Training is not null && evaluator.Name != TrainEvaluator)
            {
                throw new ArgumentException($"--training applies to --evaluator train only; drop it, or use --evaluator train (got --evaluator {evaluator.Name}).");
            }
            if (strategy == NaoStrategy.StrategyName && options.Loop.Budget <= options.Nao.InitialPoolSize)
            {
                throw new ArgumentException(
                    $"The budget ({options.Loop.Budget}) must exceed NAO's initial pool ({options.Nao.InitialPoolSize}), or no round would run. " +
                    "Raise the budget or lower the initial pool.");
            }
            if (strategy == BananasStrategy.StrategyName && options.Loop.Budget <= options.Bananas.InitialPoolSize)
            {
                throw new ArgumentException(
                    $"The budget ({options.Loop.Budget}) must exceed the BANANAS initial pool ({options.Bananas.InitialPoolSize}), or no round would run. " +
                    "Raise the budget or lower --bananas-pool.");
            }
        }
        options = evaluator.Validate(options, space, parts);
        if (strategy == NaoStrategy.StrategyName && parts.ResolvesSettings && parts.Optimizer is { } optimizer)
        {
            options = options with { Controller = optimizer.Resolve(options.Controller, options, space) };
        }
        return options;
    }

    /// <summary>The search space the options name: a built-in one, or the one their space file defines.</summary>
    /// <exception cref="UnknownNameException">An unknown built-in space; the message lists the valid ones.</exception>
    public static ISearchSpace SpaceOf(SearchOptions options) => SearchParts.Core.Space(options);

    /// <summary>
    /// Builds the strategy the options name. NAO needs an optimizer (used, not owned) and a place for its checkpoints,
    /// BANANAS a predictor ensemble (used, not owned); the others ignore them.
    /// </summary>
    /// <exception cref="InvalidOperationException">NAO without an optimizer, or BANANAS without an ensemble.</exception>
    public static ISearchStrategy CreateStrategy(SearchOptions options, Random random, IArchitectureOptimizer? optimizer, IOptimizerCheckpoints? checkpoints = null,
        IScoreEnsemble? ensemble = null) =>
        CreateStrategy(options, SpaceOf(options), random, optimizer, checkpoints, ensemble);

    /// <summary>Builds the strategy the options name over <paramref name="space"/> (see the overload without a space).</summary>
    /// <remarks>
    /// With constraints (<see cref="SearchOptions.Objectives"/>) every strategy is wrapped in a
    /// <see cref="ConstrainedStrategy"/>, so no infeasible architecture is evaluated; <paramref name="costs"/> is then
    /// required. With a scheduler (<see cref="SearchOptions.Scheduler"/>) the result is wrapped in a
    /// <see cref="FidelityScheduler"/>, which asks it for candidates and promotes the best through the fidelities.
    /// </remarks>
    public static ISearchStrategy CreateStrategy(SearchOptions options, ISearchSpace space, Random random, IArchitectureOptimizer? optimizer, IOptimizerCheckpoints? checkpoints = null,
        IScoreEnsemble? ensemble = null, ICostModel? costs = null)
    {
        var strategy = CreateConstrainedStrategy(options, space, random, optimizer, checkpoints, ensemble, costs);
        return options.Scheduler.IsEnabled ? new FidelityScheduler(strategy, options.Scheduler) : strategy;
    }

    private static ISearchStrategy CreateConstrainedStrategy(SearchOptions options, ISearchSpace space, Random random, IArchitectureOptimizer? optimizer,
        IOptimizerCheckpoints? checkpoints, IScoreEnsemble? ensemble, ICostModel? costs)
    {
        var objectives = options.Objectives;
        if (objectives.IsActive && costs is null) throw new InvalidOperationException("Constraints and objectives need the space's cost model.");
        ISearchStrategy strategy = options.Strategy switch
        {
            NaoStrategy.StrategyName => new NaoStrategy(space, options.Nao,
                optimizer ?? throw new InvalidOperationException("The NAO strategy needs an architecture optimizer (the NAO controller)."),
                checkpoints ?? new NoCheckpoints(), random, objectives, costs,
                options.Nao.UsesEnsemble() ? ensemble ?? throw new InvalidOperationException($"NAO screening '{options.Nao.Screening}' needs a predictor ensemble (Nao.Torch's MLP ensemble).") : null),
            RandomSearch.StrategyName => new RandomSearch(space, random),
            RegularizedEvolution.StrategyName => new RegularizedEvolution(space, options.Evolution, random),
            LocalSearch.StrategyName => new LocalSearch(space, random),
            BananasStrategy.StrategyName => new BananasStrategy(space, options.Bananas,
                ensemble ?? throw new InvalidOperationException("The BANANAS strategy needs a predictor ensemble (Nao.Torch's MLP ensemble)."), random),
            Nsga2Evolution.StrategyName => new Nsga2Evolution(space, options.Evolution,
                costs ?? throw new InvalidOperationException("NSGA-II needs the space's cost model."),
                objectives.CostObjectives.FirstOrDefault() ?? throw new ArgumentException("--strategy nsga2 is a Pareto search: give --objective accuracy:max --objective flops:min (or params:min)."),
                random),
            _ => throw new UnknownNameException("strategy name", options.Strategy, Strategies),
        };
        return objectives.Constraints.Count > 0 ? new ConstrainedStrategy(strategy, costs!, objectives) : strategy;
    }
}
