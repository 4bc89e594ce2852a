using System.Collections.Immutable;
using System.Diagnostics;
using Nao.Evaluation;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Experiments;

/// <summary>
/// The ask-evaluate-tell loop: asks the strategy for architectures, evaluates up to <c>Parallel</c> of them at once,
/// records each trial (pending before, result after), and tells results back in trial order. A failed evaluation
/// (exception, non-finite score, timeout) is recorded with its error and the search goes on.
/// </summary>
/// <remarks>
/// Resume is deterministic replay: the strategy is rebuilt from the saved options and seed and asked again from the
/// start; at each index the stored trial must hold the same architecture (else <see cref="ReplayMismatchException"/>),
/// a finished stored trial is told without evaluating, and a pending one is evaluated again. Asks happen only at the
/// start and after each in-order tell, so the strategy sees the same sequence of calls as in the interrupted run.
/// </remarks>
public sealed class SearchLoop
{
    private readonly ISearchSpace _space;
    private readonly ISearchStrategy _strategy;
    private readonly IEvaluator _evaluator;
    private readonly ITrialStore _store;
    private readonly SearchLoopOptions _options;

    /// <summary>Creates the loop. The store may already hold trials of an interrupted run of the same strategy.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public SearchLoop(ISearchSpace space, ISearchStrategy strategy, IEvaluator evaluator, ITrialStore store, SearchLoopOptions options)
    {
        options.Validate();
        _space = space;
        _strategy = strategy;
        _evaluator = evaluator;
        _store = store;
        _options = options;
    }

    /// <summary>The search's seed, passed to an <see cref="ITrialAwareEvaluator"/> in <see cref="TrialContext.Seed"/>. Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>Receives a report after every told result. Default: none.</summary>
    public IProgress<SearchProgress>? Progress { get; init; }

    /// <summary>Runs until the budget is spent or the strategy has nothing left to propose.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; evaluations in flight stay pending and rerun on resume.</exception>
    /// <exception cref="ReplayMismatchException">The store holds a different architecture than the strategy asks for.</exception>
    public async Task<SearchSummary> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var stored = _store.LoadTrials();
        var trials = new List<Trial>();
        var proposals = new List<Proposal>();
        var ready = new Dictionary<int, (Trial Trial, bool Replayed)>();
        var inFlight = new Dictionary<Task<EvaluationResult>, Trial>();
        int told = 0, evaluated = 0, replayed = 0, failed = 0;
        Trial? best = null;
        var strategyDry = false;

        void Fill()
        {
            strategyDry = false;
            while (trials.Count < _options.Budget && trials.Count - told < _options.Parallel)
            {
                var proposal = _strategy.Ask(cancellationToken);
                if (proposal is null)
                {
                    strategyDry = true;
                    return;
                }
                var index = trials.Count;
                proposals.Add(proposal);
                if (index < stored.Count)
                {
                    var old = stored[index];
                    if (old.Genotype != proposal.Genotype)
                    {
                        throw new ReplayMismatchException(
                            $"Cannot resume: trial {index} in the store is {old.Genotype}, but the strategy now asks for {proposal.Genotype}. " +
                            "The run was made with different code, options or controller checkpoints; start a new run instead.");
                    }
                    trials.Add(old);
                    if (old.IsFinished)
                    {
                        ready[index] = (old, true);
                        continue;
                    }
                    var restarted = old with { Started = DateTime.UtcNow, Record = proposal.Record };
                    trials[index] = restarted;
                    inFlight[EvaluateAsync(restarted, cancellationToken)] = restarted;
                    continue;
                }
                var trial = new Trial
                {
                    Index = index,
                    Round = proposal.Round,
                    Genotype = proposal.Genotype,
                    Tokens = [.. _space.Tokenizer.Tokenize(proposal.Genotype)],
                    Started = DateTime.UtcNow,
                    Record = proposal.Record,
                };
                _store.AddPending(trial);
                trials.Add(trial);
                inFlight[EvaluateAsync(trial, cancellationToken)] = trial;
            }
        }

        try
        {
            Fill();
            while (true)
            {
                // Tell every result that is next in trial order; each tell may let the strategy ask again.
                while (ready.Remove(told, out var done))
                {
                    _strategy.Tell(proposals[told], done.Trial.ToResult());
                    if (done.Replayed) replayed++;
                    if (done.Trial.Status == TrialStatus.Failed) failed++;
                    if (done.Trial.Status == TrialStatus.Ok && (best is null || done.Trial.Score > best.Score)) best = done.Trial;
                    told++;
                    Progress?.Report(new SearchProgress(told, _options.Budget, done.Trial.Round, failed, best, done.Trial, done.Replayed,
                        [.. inFlight.Values.OrderBy(t => t.Index)]));
                    Fill();
                }
                if (inFlight.Count == 0)
                {
                    // Nothing running and nothing left to tell: the budget is spent, or the strategy has run dry.
                    if (ready.Count > 0) throw new InvalidOperationException("Internal error: results are waiting but none is next in order.");
                    break;
                }
                var finished = await Task.WhenAny(inFlight.Keys);
                var pending = inFlight[finished];
                inFlight.Remove(finished);
                var result = await finished;
                var complete = pending with
                {
                    Status = result.IsOk ? TrialStatus.Ok : TrialStatus.Failed,
                    Score = result.IsOk ? result.Score : double.NaN,
                    Metrics = result.Metrics,
                    Curve = result.Curve,
                    Error = result.IsOk ? null : result.Error ?? "the evaluation failed without a message",
                    Finished = DateTime.UtcNow,
                };
                _store.Complete(complete);
                trials[complete.Index] = complete;
                evaluated++;
                ready[complete.Index] = (complete, false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordFinishedAsync(inFlight);
            throw;
        }
        return new SearchSummary(trials, best, evaluated, replayed, strategyDry && trials.Count < _options.Budget, clock.Elapsed);
    }

    /// <summary>On cancellation, keeps the results of evaluations that still finished; the rest stay pending.</summary>
    private async Task RecordFinishedAsync(Dictionary<Task<EvaluationResult>, Trial> inFlight)
    {
        foreach (var (task, trial) in inFlight)
        {
            try
            {
                var result = await task;
                _store.Complete(trial with
                {
                    Status = result.IsOk ? TrialStatus.Ok : TrialStatus.Failed,
                    Score = result.IsOk ? result.Score : double.NaN,
                    Metrics = result.Metrics,
                    Curve = result.Curve,
                    Error = result.IsOk ? null : result.Error ?? "the evaluation failed without a message",
                    Finished = DateTime.UtcNow,
                });
            }
            catch (OperationCanceledException)
            {
                // Interrupted: stays pending and is evaluated again on resume.
            }
        }
    }

    /// <summary>
    /// Evaluates on the thread pool (so a synchronous evaluator cannot stall the loop) and turns every failure except
    /// the search's own cancellation into a failed result.
    /// </summary>
    private async Task<EvaluationResult> EvaluateAsync(Trial trial, CancellationToken cancellationToken)
    {
        var timeout = _options.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(_options.TimeoutSeconds) : (TimeSpan?)null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) limit.CancelAfter(t);
        Task<EvaluationResult>? task = null;
        try
        {
            task = _evaluator is ITrialAwareEvaluator aware
                ? Task.Run(() => aware.EvaluateAsync(Context(trial), limit.Token), CancellationToken.None)
                : Task.Run(() => _evaluator.EvaluateAsync(trial.Genotype, limit.Token), CancellationToken.None);
            var result = timeout is { } span ? await task.WaitAsync(span, cancellationToken) : await task.WaitAsync(cancellationToken);
            if (result.Status == EvaluationStatus.Ok && !double.IsFinite(result.Score))
            {
                return EvaluationResult.Failed($"the evaluator returned a non-finite score ({result.Score})", result.Metrics) with { Curve = result.Curve };
            }
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && limit.IsCancellationRequested))
        {
            return EvaluationResult.Failed($"timed out after {timeout?.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            return EvaluationResult.Failed($"{e.GetType().Name}: {e.Message}", ImmutableSortedDictionary<string, double>.Empty);
        }
        finally
        {
            // Stopped waiting (timeout or the search's cancellation) while the evaluator still runs: tell it now. Disposing
            // the linked source without this could beat the parent's or the timer's cancel to it, and the evaluator would
            // never learn (a trial command would go on running).
            if (task is { IsCompleted: false }) limit.Cancel();
        }
    }

    private TrialContext Context(Trial trial) =>
        new() { Index = trial.Index, Round = trial.Round, Genotype = trial.Genotype, Tokens = trial.Tokens, Seed = Seed };
}
