using System.Globalization;
using Nao.Cluster.Grains;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Cluster.Coordinator;

/// <summary>
/// Evaluates on the cluster: each call becomes a job on a worker with a free slot, which the coordinator polls
/// until it is done. A job whose worker dies (the membership declares the silo dead, or it stays unreachable) is
/// started again on another worker; the search loop sees one result per call, so a trial is recorded once.
/// </summary>
/// <remarks>
/// Why a job with polling rather than one long call (issue 8, "long evaluations"): an Orleans call waits at most the
/// messaging response timeout (30 s by default) and a grain call that runs for hours would also block the grain.
/// Submitting returns at once and every poll is short, so an evaluation may take days; a dead worker is noticed
/// through Orleans' membership within the time its failure detector needs, not after a timeout of hours.
/// <para>
/// Learning curves and multi-fidelity (issue 18): a job carries the trial's fidelity, and every poll brings the curve
/// points the worker measured so far, which go to the search's <see cref="TrialContext.ReportPoint"/> as they arrive.
/// So the search's stopping rule decides here, in the coordinator, with the same inputs as in-process; when it stops
/// the trial it cancels the evaluation's token, and the job is cancelled on the worker, ending its training.
/// </para>
/// </remarks>
public sealed class ClusterEvaluator : ITrialAwareEvaluator
{
    /// <summary>How much longer than its wait a poll may take before it counts as failed.</summary>
    private static readonly TimeSpan PollGrace = TimeSpan.FromSeconds(5);

    private readonly WorkerDirectory _workers;
    private readonly EvaluationRequest _template;
    private readonly ClusterEvaluatorOptions _options;
    private readonly Action<string> _log;
    private readonly CancellationToken _stopping;

    internal ClusterEvaluator(WorkerDirectory workers, EvaluationRequest template, string kind, ClusterEvaluatorOptions options, Action<string> log, CancellationToken stopping)
    {
        _workers = workers;
        _template = template;
        _options = options;
        _log = log;
        _stopping = stopping;
        Name = $"{kind} on the cluster";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(genotype, null, null, cancellationToken);

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(TrialContext trial, CancellationToken cancellationToken) =>
        EvaluateAsync(trial.Genotype, trial.Fidelity, trial.ReportPoint, cancellationToken);

    private async Task<EvaluationResult> EvaluateAsync(Genotype genotype, double? fidelity, Action<CurvePoint>? report, CancellationToken cancellationToken)
    {
        var request = _template with { Architecture = genotype.Canonical, Fidelity = fidelity };
        // Points already handed on; a job started again on another worker measures its curve afresh, and its points
        // are passed on only past those (a deterministic evaluator measures the same ones again).
        var reported = 0;
        void Report(IReadOnlyList<WireCurvePoint> curve)
        {
            if (report is null) return;
            for (; reported < curve.Count; reported++) report(curve[reported].ToPoint());
        }
        var jobId = request.JobId;
        var worker = _workers.TakeAdoptable(jobId);
        if (worker is not null) _log($"picked up {Label(genotype)}, still on worker {_workers.NameOf(worker)} from before the restart");
        for (var attempt = 1; ; attempt++)
        {
            if (worker is null)
            {
                var (placed, rejection) = await _workers.PlaceAsync(request, cancellationToken);
                if (rejection is not null) return EvaluationResult.Failed(rejection);
                worker = placed!;
            }
            Outcome outcome;
            try
            {
                outcome = await WatchAsync(worker, jobId, report is null ? int.MaxValue : 0, Report, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // A search that stops leaves its jobs running, so a resumed coordinator can pick them up within the
                // worker's lease; a per-evaluation timeout cancels the job to free the slot.
                if (!_stopping.IsCancellationRequested) await TryCancelAsync(worker, jobId);
                _workers.Release(worker);
                throw;
            }
            _workers.Release(worker);
            if (outcome.Result is { } result) return result.ToResult();
            var name = _workers.NameOf(worker);
            if (attempt >= _options.MaxAttempts)
            {
                return EvaluationResult.Failed(string.Create(CultureInfo.InvariantCulture,
                    $"the evaluation was lost {attempt} times (last: worker {name}: {outcome.Reason}); giving up on it"));
            }
            _log($"{Label(genotype)}: worker {name}: {outcome.Reason}; evaluating it again on another worker (attempt {attempt + 1} of {_options.MaxAttempts})");
            worker = null;
        }
    }

    /// <summary>
    /// Long-polls a job until it is done or lost: each poll waits on the worker until the job finishes or the poll
    /// time passes, so a result arrives at once and a running job costs one message per poll time.
    /// </summary>
    /// <param name="worker">The worker running the job.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="firstKnown">int.MaxValue when no one listens for curve points (polls then wait for the end only), else 0.</param>
    /// <param name="report">Receives the job's curve so far after every poll of a running job.</param>
    /// <param name="cancellationToken">Cancels the watch (the search stops, a timeout, or the stopping rule).</param>
    private async Task<Outcome> WatchAsync(string worker, string jobId, int firstKnown, Action<IReadOnlyList<WireCurvePoint>> report, CancellationToken cancellationToken)
    {
        var known = firstKnown;
        var grain = _workers.Grain(worker);
        var wait = TimeSpan.FromSeconds(_options.PollSeconds);
        DateTime? failingSince = null;
        while (true)
        {
            if (_workers.IsGone(worker)) return new Outcome(null, "the worker left the cluster");
            JobReply reply;
            var sent = DateTime.UtcNow;
            try
            {
                // A poll to a silo that dies mid-wait is not failed by Orleans until its 30 s response timeout; give up sooner.
                reply = await grain.Poll(jobId, wait, known).WaitAsync(wait + PollGrace, cancellationToken);
                failingSince = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Unanswered since the poll was sent (a poll that timed out waited for a worker that was already gone).
                failingSince ??= sent;
                var active = await _workers.IsActiveAsync(worker, cancellationToken);
                if (active == false) return new Outcome(null, "the cluster declared the worker dead");
                var failing = (DateTime.UtcNow - failingSince.Value).TotalSeconds;
                // Orleans' failure detector needs 15-20 s to declare a silo dead (it must not evict a slow but live
                // one); a worker whose port refuses connections has exited, so its job moves on sooner.
                if (IsConnectionFailure(e) && failing >= _options.RefusedSeconds)
                {
                    _workers.Suspect(worker);
                    return new Outcome(null, string.Create(CultureInfo.InvariantCulture, $"the worker refused connections for {failing:0} s (its process has exited)"));
                }
                if (failing > _options.UnreachableSeconds)
                {
                    _workers.Suspect(worker);
                    return new Outcome(null, string.Create(CultureInfo.InvariantCulture, $"the worker was unreachable for {failing:0} s"));
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }
            switch (reply.State)
            {
                case JobState.Done when reply.Result is not null:
                    return new Outcome(reply.Result, "");
                case JobState.Running:
                    var curve = reply.Curve ?? [];
                    if (known != int.MaxValue && curve.Count > 0)
                    {
                        known = Math.Max(known, curve.Count);
                        report(curve);
                    }
                    continue;
                default:
                    // The worker no longer knows the job: its lease expired (this coordinator was stalled) or it was cancelled.
                    return new Outcome(null, "the worker dropped the job");
            }
        }
    }

    private async Task TryCancelAsync(string worker, string jobId)
    {
        try
        {
            await _workers.Grain(worker).Cancel(jobId).WaitAsync(WorkerDirectory.CallTimeout);
        }
        catch (Exception)
        {
            // Best effort: an unreachable worker cancels the job itself when its lease runs out.
        }
    }

    /// <summary>
    /// Whether a call failed because the worker's endpoint could not be connected to. Orleans forwards the gateway's
    /// connection error as a message rejection whose text is all that reaches the client, hence the text match.
    /// </summary>
    internal static bool IsConnectionFailure(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused }) return true;
            if (x.Message.Contains("ConnectionRefused", StringComparison.Ordinal) || x.Message.Contains("Unable to connect", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Label(Genotype genotype) => $"architecture {genotype.Hash[..Math.Min(8, genotype.Hash.Length)]}";

    private sealed record Outcome(WireResult? Result, string Reason);
}
