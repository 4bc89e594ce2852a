using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Nao.Evaluation;
using Nao.Experiments.Stopping;
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

    /// <summary>
    /// The early-stopping rule, or null to run every trial to the end. Each trial is judged against the curves of the
    /// trials told before it was asked (fixed by trial order, so a resumed run decides the same), on every prefix of its
    /// curve: live, through <see cref="TrialContext.ReportPoint"/>, for evaluators that report points as they go, and
    /// afterwards on the returned curve for those that do not. Default: null.
    /// </summary>
    public IStoppingRule? Stopping { get; init; }

    // The finished curves each trial is judged against, and the points it reported while running, by trial index.
    private readonly ConcurrentDictionary<int, IReadOnlyList<IReadOnlyList<CurvePoint>>> _references = new();
    private readonly ConcurrentDictionary<int, List<CurvePoint>> _reported = new();

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
                    _references[index] = References(trials, told);
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
                _references[index] = References(trials, told);
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
                    _references.TryRemove(told, out _);
                    _reported.TryRemove(told, out _);
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
                var complete = Completed(pending, result);
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
                _store.Complete(Completed(trial, result));
            }
            catch (OperationCanceledException)
            {
                // Interrupted: stays pending and is evaluated again on resume.
            }
        }
    }

    /// <summary>The curves of the successful trials among the first <paramref name="told"/>, in trial order.</summary>
    private IReadOnlyList<IReadOnlyList<CurvePoint>> References(List<Trial> trials, int told) =>
        Stopping is null ? [] : [.. trials.Take(told).Where(t => t.Status == TrialStatus.Ok && t.Curve.Count > 0).Select(t => t.Curve)];

    /// <summary>
    /// The finished trial: ok, failed, or stopped when the stopping rule stops some prefix of its curve (the reported
    /// points when the evaluator was stopped live, else the returned curve, whose last point never stops it).
    /// </summary>
    private Trial Completed(Trial trial, EvaluationResult result)
    {
        var reported = _reported.TryGetValue(trial.Index, out var points) ? Snapshot(points) : [];
        var stoppedLive = result.Error == StoppedLive;
        IReadOnlyList<CurvePoint> curve = result.Curve.Count >= reported.Length ? result.Curve : reported;
        if (Stopping is { } rule && (result.IsOk || stoppedLive) && curve.Count > 0 &&
            StoppingPrefix.FirstStop(rule, curve, _references.GetValueOrDefault(trial.Index, []), complete: result.IsOk) is { } stop)
        {
            var metrics = new SortedDictionary<string, double>(result.Metrics.ToDictionary(), StringComparer.Ordinal)
            {
                ["stopped_step"] = curve[stop.Length - 1].Step,
            };
            if (double.IsFinite(stop.Decision.PredictedScore)) metrics["predicted_score"] = stop.Decision.PredictedScore;
            return trial with
            {
                Status = TrialStatus.Stopped,
                Score = stop.Decision.ToldScore,
                Metrics = metrics.ToImmutableSortedDictionary(StringComparer.Ordinal),
                Curve = [.. curve.Take(stop.Length)],
                Error = stop.Decision.Reason,
                Finished = DateTime.UtcNow,
            };
        }
        return trial with
        {
            Status = result.IsOk ? TrialStatus.Ok : TrialStatus.Failed,
            Score = result.IsOk ? result.Score : double.NaN,
            Metrics = result.Metrics,
            Curve = curve,
            Error = result.IsOk ? null : stoppedLive
                ? "stopped by the stopping rule, but the rule does not stop the recorded curve (a non-deterministic evaluator?)"
                : result.Error ?? "the evaluation failed without a message",
            Finished = DateTime.UtcNow,
        };
    }

    private static CurvePoint[] Snapshot(List<CurvePoint> points)
    {
        lock (points) return [.. points];
    }

    private const string StoppedLive = "\u0000stopped by the stopping rule";

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
        var stopped = false;
        var points = new List<CurvePoint>();
        _reported[trial.Index] = points;
        var references = _references.GetValueOrDefault(trial.Index, []);
        void Report(CurvePoint point)
        {
            CurvePoint[] partial;
            lock (points)
            {
                points.Add(point);
                partial = [.. points];
            }
            if (Stopping is { } rule && !stopped && rule.Check(partial, references) is not null)
            {
                stopped = true;
                limit.Cancel();
            }
        }
        try
        {
            task = _evaluator is ITrialAwareEvaluator aware
                ? Task.Run(() => aware.EvaluateAsync(Context(trial) with { ReportPoint = Report }, limit.Token), CancellationToken.None)
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
        catch (OperationCanceledException) when (stopped)
        {
            return EvaluationResult.Failed(StoppedLive);
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
        new() { Index = trial.Index, Round = trial.Round, Genotype = trial.Genotype, Tokens = trial.Tokens, Seed = Seed, Fidelity = Fidelity(trial) };

    /// <summary>The fidelity a multi-fidelity scheduler put in the trial's record (<c>"fidelity"</c>), or null.</summary>
    private static double? Fidelity(Trial trial) =>
        trial.Record["fidelity"] is { } value ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) : null;
}
