using Nao.Evaluation;
using Nao.Experiments;
using Nao.Objectives;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Sessions;

/// <summary>
/// Runs (or resumes) a stored search: builds the evaluator, the optimizer and the strategy from the run's options
/// through the registry of parts (<see cref="SearchParts"/>), runs the loop against the run's store, and records how
/// the run ended.
/// </summary>
public sealed class SearchRunner
{
    private readonly Func<SearchOptions, IEvaluator>? _remote;

    /// <summary>Creates a runner over a registry of parts.</summary>
    /// <param name="parts">What builds evaluators, the controller, trainers and supernets.</param>
    /// <param name="remote">
    /// When set, every evaluation goes through the evaluator it creates (a cluster of workers, which build the named
    /// evaluator themselves), and no evaluator is built here. Default: null, evaluate in this process.
    /// </param>
    public SearchRunner(SearchParts parts, Func<SearchOptions, IEvaluator>? remote = null)
    {
        Parts = parts;
        _remote = remote;
    }

    /// <summary>A runner over Core's parts plus the given functions (tests, and programs that bring their own parts).</summary>
    /// <param name="optimizers">Creates the NAO controller; null for none.</param>
    /// <param name="trainers">Creates the training evaluator of any built-in space; null for none.</param>
    /// <param name="remote">See <see cref="SearchRunner(SearchParts, Func{SearchOptions, IEvaluator})"/>.</param>
    /// <param name="supernets">Creates the supernet of a weight-sharing search; null for none.</param>
    public SearchRunner(Func<SearchOptions, ISearchSpace, IArchitectureOptimizer>? optimizers, Func<SearchOptions, ISearchSpace, IEvaluator>? trainers,
        Func<SearchOptions, IEvaluator>? remote = null, Func<SearchOptions, ISearchSpace, ISupernet>? supernets = null)
        : this(FromFunctions(optimizers, trainers, supernets), remote)
    {
    }

    /// <summary>The registry this runner builds parts from.</summary>
    public SearchParts Parts { get; }

    /// <summary>Receives each supernet epoch's report in a weight-sharing search. Default: none.</summary>
    public IProgress<SupernetEpochReport>? SupernetProgress { get; init; }

    /// <summary>Receives each stand-alone result of a weight-sharing search's final retraining. Default: none.</summary>
    public IProgress<StandaloneResult>? FinalProgress { get; init; }

    /// <summary>Checks the options and completes every part's settings (<see cref="SearchFactory.Validate(SearchOptions, SearchParts)"/>), then checks the parts exist.</summary>
    /// <exception cref="ArgumentException">A bad option; the message names the fix.</exception>
    /// <exception cref="NotSupportedException">A part the options need is not registered.</exception>
    public SearchOptions Describe(SearchOptions options)
    {
        options = SearchFactory.Validate(options, Parts);
        CheckAvailable(options);
        return options;
    }

    /// <summary>The evaluator the options name.</summary>
    /// <exception cref="NotSupportedException">The training evaluator was asked for but is not available.</exception>
    public IEvaluator CreateEvaluator(SearchOptions options, EvaluationContext? context = null)
    {
        if (_remote is not null) return _remote(options);
        var space = Parts.Space(options);
        return Parts.Evaluator(options.Evaluator).Create(options, space, Parts, context ?? EvaluationContext.InMemory);
    }

    /// <summary>Checks that everything the run needs exists, before any work: the evaluator, and the controller for NAO.</summary>
    /// <exception cref="NotSupportedException">A part is missing from this build.</exception>
    public void CheckAvailable(SearchOptions options)
    {
        var space = Parts.Space(options);
        if (options.Strategy == NaoStrategy.StrategyName && Parts.Optimizer is null)
        {
            throw new NotSupportedException("The NAO strategy needs the NAO controller, which is not in this build yet. Use --strategy random or --strategy evolution.");
        }
        if ((options.Strategy == BananasStrategy.StrategyName || options.Strategy == NaoStrategy.StrategyName && options.Nao.UsesEnsemble()) && Parts.Ensemble is null)
        {
            throw new NotSupportedException("The BANANAS strategy needs the predictor ensemble of Nao.Torch, which is not in this build. Use --strategy local or --strategy evolution.");
        }
        // With a remote evaluator the workers build the evaluator, so they decide whether they have it.
        if (options.Evaluator == SearchFactory.TrainEvaluator && Parts.Trainer(space) is null && _remote is null)
        {
            throw new NotSupportedException(TrainEvaluatorFactory.MissingTrainer(space, Parts));
        }
        if (options.Evaluator == CommandEvaluatorFactory.EvaluatorName && _remote is null && CommandEvaluatorFactory.IsNameOnly(options.Command))
        {
            throw new NotSupportedException(CommandEvaluatorFactory.NameOnlyWithoutWorkers(options.Command));
        }
        if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            if (_remote is not null) throw new NotSupportedException("A weight-sharing search trains one supernet in this process; drop --cluster.");
            if (Parts.Supernet(space) is null) throw new NotSupportedException("The weight-sharing supernets are not in this build. Use --evaluator train or benchmark.");
            if (options.WeightSharing.FinalTrain > 0 && Parts.Trainer(space) is null)
            {
                throw new NotSupportedException("--final-train needs the training evaluator, which is not in this build; drop --final-train.");
            }
        }
    }

    private static SearchParts FromFunctions(Func<SearchOptions, ISearchSpace, IArchitectureOptimizer>? optimizers,
        Func<SearchOptions, ISearchSpace, IEvaluator>? trainers, Func<SearchOptions, ISearchSpace, ISupernet>? supernets)
    {
        var parts = SearchParts.Core;
        if (optimizers is not null) parts = parts.WithOptimizer(new FunctionPart<IArchitectureOptimizer>(optimizers));
        foreach (var space in SearchSpaceRegistry.All)
        {
            if (trainers is not null) parts = parts.WithTrainer(space.Name, new FunctionPart<IEvaluator>(trainers));
            if (supernets is not null && WeightSharingEvaluatorFactory.Spaces.Contains(space.Name)) parts = parts.WithSupernet(space.Name, new FunctionPart<ISupernet>(supernets));
        }
        return parts;
    }

    /// <summary>Runs the stored search to its budget, from wherever it stopped.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the run is marked cancelled and can be resumed.</exception>
    public async Task<SearchSummary> RunAsync(RunStore store, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var options = store.Options;
        var summary = await RunAsync(options, store, store, progress, cancellationToken, status => store.Status = status, error => store.Error = error,
            supernetCheckpoints: store, standalone: store);
        return summary;
    }

    /// <summary>
    /// Runs a search against any store (in memory for comparisons); <paramref name="checkpoints"/> keeps controller
    /// states, <paramref name="supernetCheckpoints"/> a weight-sharing search's supernet (default: in memory only), and
    /// <paramref name="standalone"/> its final retraining (required with <c>--final-train</c>).
    /// </summary>
    public async Task<SearchSummary> RunAsync(SearchOptions options, ITrialStore store, IOptimizerCheckpoints checkpoints,
        IProgress<SearchProgress>? progress, CancellationToken cancellationToken,
        Action<RunStatus>? setStatus = null, Action<string?>? setError = null,
        ISupernetCheckpoints? supernetCheckpoints = null, IStandaloneStore? standalone = null)
    {
        options = SearchFactory.Validate(options, Parts.WithoutResolving());
        CheckAvailable(options);
        var context = new EvaluationContext(store is RunStore run ? run.Directory : null);
        setStatus?.Invoke(RunStatus.Running);
        try
        {
            var summary = options.Evaluator == SearchFactory.WeightSharingEvaluator
                ? await RunWeightSharingAsync(options, store, checkpoints, supernetCheckpoints ?? new MemorySupernetCheckpoints(), standalone, progress, cancellationToken)
                : await RunLoopAsync(options, store, checkpoints, context, progress, cancellationToken);
            setStatus?.Invoke(RunStatus.Completed);
            setError?.Invoke(null);
            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            setStatus?.Invoke(RunStatus.Cancelled);
            throw;
        }
        catch (Exception e)
        {
            setStatus?.Invoke(RunStatus.Failed);
            setError?.Invoke($"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private async Task<SearchSummary> RunLoopAsync(SearchOptions options, ITrialStore store, IOptimizerCheckpoints checkpoints,
        EvaluationContext context, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var space = Parts.Space(options);
        var evaluator = CreateEvaluator(options, context);
        using var optimizer = CreateOptimizer(options, space);
        var needsEnsemble = options.Strategy == BananasStrategy.StrategyName || options.Strategy == NaoStrategy.StrategyName && options.Nao.UsesEnsemble();
        using var ensemble = needsEnsemble ? Parts.Ensemble!.Create(null, options, space) : null;
        var costs = options.Objectives.IsActive ? Parts.CostModel(options, space) : null;
        // Measured costs (latency) are kept in the run folder, so a resumed run does not time its architectures again.
        if (costs is IMachineSpecificCosts measured && store is RunStore run) measured.UseCacheFile(Path.Combine(run.Directory, "latency.json"));
        if (costs is not null) evaluator = new CostMetricsEvaluator(evaluator, costs);
        var strategy = SearchFactory.CreateStrategy(options, space, new Random(options.Seed), optimizer, checkpoints, ensemble, costs);
        var loop = new SearchLoop(space, strategy, evaluator, store, options.Loop) { Progress = progress, Seed = options.Seed, Stopping = options.EarlyStop.CreateRule() };
        return await loop.RunAsync(cancellationToken);
    }

    /// <summary>NAO-WS: the rounds over one supernet, then, when asked for, the final stand-alone retraining.</summary>
    private async Task<SearchSummary> RunWeightSharingAsync(SearchOptions options, ITrialStore store, IOptimizerCheckpoints checkpoints,
        ISupernetCheckpoints supernetCheckpoints, IStandaloneStore? standalone, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var space = Parts.Space(options);
        // The controller first: the supernet's factory may then give torch more threads than the controller's own choice.
        using var optimizer = CreateOptimizer(options, space);
        using var supernet = Parts.Supernet(space)!.Create(options.Supernet, options, space);
        var strategy = new WeightSharingStrategy(options.Strategy, space, options.WeightSharing, supernet, supernetCheckpoints, optimizer, checkpoints, new Random(options.Seed))
        {
            SupernetProgress = SupernetProgress,
        };
        var loop = new SearchLoop(space, strategy, new SupernetEvaluator(supernet), store, options.Loop) { Progress = progress };
        var summary = await loop.RunAsync(cancellationToken);
        if (options.WeightSharing.FinalTrain > 0)
        {
            var trainer = Parts.Trainer(space)!.Create(options.Training, options, space);
            var final = new FinalTraining(space, options.WeightSharing, supernet, trainer,
                standalone ?? throw new InvalidOperationException("--final-train needs a run folder to keep its results in."))
            {
                Progress = FinalProgress,
            };
            // A seed of its own, so the random baseline does not depend on how many numbers the search drew.
            await final.RunAsync(summary.Trials, unchecked(options.Seed * 7919 + 17), cancellationToken);
        }
        return summary;
    }

    private IArchitectureOptimizer? CreateOptimizer(SearchOptions options, ISearchSpace space) =>
        options.Strategy == NaoStrategy.StrategyName ? Parts.Optimizer!.Create(options.Controller, options, space) : null;
}
