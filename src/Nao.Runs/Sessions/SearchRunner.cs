using Nao.Evaluation;
using Nao.Experiments;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Sessions;

/// <summary>
/// Runs (or resumes) a stored search: builds the evaluator, the optimizer and the strategy from the run's options,
/// runs the loop against the run's store, and records how the run ended. The controller and the training evaluators
/// live in Nao.Torch, so they come in as factories.
/// </summary>
/// <param name="optimizers">Creates the NAO controller for a search; null when this build has none.</param>
/// <param name="trainers">Creates the training evaluator for a search; null when this build has none.</param>
/// <param name="remote">
/// When set, every evaluation goes through the evaluator it creates (a cluster of workers, which build the named
/// evaluator themselves), and no evaluator is built here. Default: null, evaluate in this process.
/// </param>
/// <param name="supernets">Creates the supernet of a weight-sharing search; null when this build has none.</param>
public sealed class SearchRunner(
    Func<SearchOptions, ISearchSpace, IArchitectureOptimizer>? optimizers,
    Func<SearchOptions, ISearchSpace, IEvaluator>? trainers,
    Func<SearchOptions, IEvaluator>? remote = null,
    Func<SearchOptions, ISearchSpace, ISupernet>? supernets = null)
{
    /// <summary>Receives each supernet epoch's report in a weight-sharing search. Default: none.</summary>
    public IProgress<SupernetEpochReport>? SupernetProgress { get; init; }

    /// <summary>Receives each stand-alone result of a weight-sharing search's final retraining. Default: none.</summary>
    public IProgress<StandaloneResult>? FinalProgress { get; init; }

    /// <summary>The evaluator the options name.</summary>
    /// <exception cref="NotSupportedException">The training evaluator was asked for but is not available.</exception>
    public IEvaluator CreateEvaluator(SearchOptions options)
    {
        if (remote is not null) return remote(options);
        var space = SearchSpaceRegistry.Get(options.Space);
        return options.Evaluator switch
        {
            SearchFactory.BenchmarkEvaluator => TabularEvaluator.Create(options.Benchmark),
            SearchFactory.SleepEvaluator => new SleepEvaluator(TabularEvaluator.Create(options.Benchmark), options.Sleep),
            SearchFactory.TrainEvaluator => trainers?.Invoke(options, space)
                ?? throw new NotSupportedException($"The training evaluator for the '{space.Name}' space is not available in this build yet. Use --evaluator benchmark on the nb201 space."),
            SearchFactory.WeightSharingEvaluator => throw new InvalidOperationException("The weight-sharing evaluator is built with its supernet by RunAsync."),
            _ => throw new UnknownNameException("evaluator name", options.Evaluator, SearchFactory.Evaluators),
        };
    }

    /// <summary>Checks that everything the run needs exists, before any work: the evaluator, and the controller for NAO.</summary>
    /// <exception cref="NotSupportedException">A part is missing from this build.</exception>
    public void CheckAvailable(SearchOptions options)
    {
        if (options.Strategy == NaoStrategy.StrategyName && optimizers is null)
        {
            throw new NotSupportedException("The NAO strategy needs the NAO controller, which is not in this build yet. Use --strategy random or --strategy evolution.");
        }
        // With a remote evaluator the workers build the evaluator, so they decide whether they have it.
        if (options.Evaluator == SearchFactory.TrainEvaluator && trainers is null && remote is null)
        {
            throw new NotSupportedException("The training evaluator is not available in this build yet. Use --evaluator benchmark on the nb201 space.");
        }
        if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            if (remote is not null) throw new NotSupportedException("A weight-sharing search trains one supernet in this process; drop --cluster.");
            if (supernets is null) throw new NotSupportedException("The weight-sharing supernets are not in this build. Use --evaluator train or benchmark.");
            if (options.WeightSharing.FinalTrain > 0 && trainers is null)
            {
                throw new NotSupportedException("--final-train needs the training evaluator, which is not in this build; drop --final-train.");
            }
        }
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
        options = SearchFactory.Validate(options);
        CheckAvailable(options);
        setStatus?.Invoke(RunStatus.Running);
        try
        {
            var summary = options.Evaluator == SearchFactory.WeightSharingEvaluator
                ? await RunWeightSharingAsync(options, store, checkpoints, supernetCheckpoints ?? new MemorySupernetCheckpoints(), standalone, progress, cancellationToken)
                : await RunLoopAsync(options, store, checkpoints, progress, cancellationToken);
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
        IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var space = SearchSpaceRegistry.Get(options.Space);
        var evaluator = CreateEvaluator(options);
        using var optimizer = options.Strategy == NaoStrategy.StrategyName ? optimizers!(options, space) : null;
        var strategy = SearchFactory.CreateStrategy(options, new Random(options.Seed), optimizer, checkpoints);
        var loop = new SearchLoop(space, strategy, evaluator, store, options.Loop) { Progress = progress };
        return await loop.RunAsync(cancellationToken);
    }

    /// <summary>NAO-WS: the rounds over one supernet, then, when asked for, the final stand-alone retraining.</summary>
    private async Task<SearchSummary> RunWeightSharingAsync(SearchOptions options, ITrialStore store, IOptimizerCheckpoints checkpoints,
        ISupernetCheckpoints supernetCheckpoints, IStandaloneStore? standalone, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var space = SearchSpaceRegistry.Get(options.Space);
        // The controller first: the supernet's factory may then give torch more threads than the controller's own choice.
        using var optimizer = options.Strategy == NaoStrategy.StrategyName ? optimizers!(options, space) : null;
        using var supernet = supernets!(options, space);
        var strategy = new WeightSharingStrategy(options.Strategy, space, options.WeightSharing, supernet, supernetCheckpoints, optimizer, checkpoints, new Random(options.Seed))
        {
            SupernetProgress = SupernetProgress,
        };
        var loop = new SearchLoop(space, strategy, new SupernetEvaluator(supernet), store, options.Loop) { Progress = progress };
        var summary = await loop.RunAsync(cancellationToken);
        if (options.WeightSharing.FinalTrain > 0)
        {
            var trainer = trainers!(options, space);
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
}
