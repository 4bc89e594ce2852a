using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nao.Cluster.Grains;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Storage;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Cluster.Worker;

/// <summary>
/// A worker's jobs: validates requests, runs each accepted one in the background on one of the worker's slots, and
/// keeps its result until the coordinator fetches it. Lives as a silo-wide singleton, not in the grain, so a grain
/// deactivation cannot lose running jobs.
/// </summary>
/// <remarks>
/// Leases (issue 8, "failure handling"): every poll renews a job's lease. A running job whose coordinator stopped
/// polling for <see cref="WorkerOptions.LeaseSeconds"/> (the coordinator was killed, or gave up on this worker) is
/// cancelled, so orphans do not hold slots for hours; a finished result is kept as long, so a coordinator restarted
/// within the lease picks up both running and finished jobs by their ids instead of rerunning them.
/// </remarks>
public sealed class JobRunner : IDisposable
{
    private readonly WorkerOptions _options;
    private readonly RequestValidator _validator;
    private readonly Func<SearchOptions, EvaluationContext, IEvaluator> _evaluators;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<WorkerEvaluator>> _evaluatorCache = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private int _running;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The worker's options (slots, lease, name, device).</param>
    /// <param name="validator">Checks requests.</param>
    /// <param name="evaluators">
    /// Builds the evaluator for validated settings, the same way a local search does; the context's run folder is the
    /// search's folder under <see cref="WorkFolder"/> (null without one).
    /// </param>
    /// <param name="log">Receives one line per job event.</param>
    /// <param name="time">The clock (a fake one in tests). Default: the system clock.</param>
    public JobRunner(WorkerOptions options, RequestValidator validator, Func<SearchOptions, EvaluationContext, IEvaluator> evaluators, Action<string> log, TimeProvider? time = null)
    {
        _options = options;
        _validator = validator;
        _evaluators = evaluators;
        _log = log;
        _time = time ?? TimeProvider.System;
        var period = TimeSpan.FromSeconds(Math.Clamp(options.LeaseSeconds / 4, 1, 15));
        _sweeper = _time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>The worker's name for logs.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>
    /// This worker's own folder for files of evaluations (a trial command's folders): each distinct evaluator
    /// settings gets <c>WORK/HASH/</c> (the hash of the settings, which are written next to it as <c>search.json</c>),
    /// so searches never share trial folders. Null: evaluators get no run folder (a command's trials then go to a
    /// fresh temporary folder). Default: null.
    /// </summary>
    public string? WorkFolder { get; init; }

    /// <summary>What the worker tells coordinators about itself.</summary>
    public WorkerInfo Info(IReadOnlyList<string> dataRoots)
    {
        lock (_gate)
        {
            return new WorkerInfo
            {
                Name = Name,
                Slots = _options.Slots,
                Running = _running,
                Device = _options.Device,
                DataRoots = [.. dataRoots],
                Version = RunStore.CurrentVersion,
                Jobs = [.. _jobs.Keys],
            };
        }
    }

    /// <summary>Checks a request without running it.</summary>
    public JobReply Check(EvaluationRequest request)
    {
        try
        {
            _validator.Validate(request);
            return JobReply.Of(JobState.Accepted);
        }
        catch (RequestRejectedException e)
        {
            return JobReply.Reject(e.Message);
        }
    }

    /// <summary>Starts a job (or attaches to the running or finished job with the same id).</summary>
    public JobReply Submit(EvaluationRequest request)
    {
        var id = request.JobId;
        lock (_gate)
        {
            if (_jobs.TryGetValue(id, out var existing))
            {
                existing.Touched = _time.GetUtcNow();
                return JobReply.Of(JobState.Accepted);
            }
        }
        ValidatedRequest validated;
        try
        {
            validated = _validator.Validate(request);
        }
        catch (RequestRejectedException e)
        {
            _log($"rejected a request: {e.Message}");
            return JobReply.Reject(e.Message);
        }
        if (validated.Genotype is null) return JobReply.Reject("The request names no architecture to evaluate.");
        Job job;
        lock (_gate)
        {
            if (_jobs.ContainsKey(id)) return JobReply.Of(JobState.Accepted);
            if (_running >= _options.Slots) return JobReply.Of(JobState.Busy);
            _running++;
            job = new Job(id, validated.Genotype.ToString() ?? "", _time.GetUtcNow());
            _jobs[id] = job;
        }
        _log($"job {Short(id)} started: {job.Label}");
        job.Task = Task.Run(() => RunAsync(job, validated));
        return JobReply.Of(JobState.Accepted);
    }

    /// <summary>
    /// A job's state (with the result once done, or the curve points measured so far while it runs), after waiting up
    /// to <paramref name="wait"/> for a running job to finish or to measure more than <paramref name="knownPoints"/>
    /// points; renews its lease.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="wait">How long a running job's reply may wait.</param>
    /// <param name="knownPoints">Curve points the caller already has; more end the wait. Default: never end it for points.</param>
    public async Task<JobReply> PollAsync(string jobId, TimeSpan wait, int knownPoints = int.MaxValue)
    {
        Job? job;
        Task? pointAdded;
        lock (_gate)
        {
            if (!_jobs.TryGetValue(jobId, out job)) return JobReply.Of(JobState.Unknown);
            job.Touched = _time.GetUtcNow();
            // int.MaxValue: a caller that does not follow the curve waits for the end only.
            pointAdded = knownPoints == int.MaxValue ? null : job.Points.Count > knownPoints ? Task.CompletedTask : job.PointAdded.Task;
        }
        if (job.Result is null && wait > TimeSpan.Zero && pointAdded is not { IsCompleted: true })
        {
            Task[] waits = pointAdded is null ? [job.Finished.Task, Task.Delay(wait, _time)] : [job.Finished.Task, pointAdded, Task.Delay(wait, _time)];
            await Task.WhenAny(waits).ConfigureAwait(false);
        }
        lock (_gate)
        {
            if (!_jobs.ContainsKey(jobId)) return JobReply.Of(JobState.Unknown);
            job.Touched = _time.GetUtcNow();
            return job.Result is { } result
                ? new JobReply { State = JobState.Done, Result = result }
                : new JobReply { State = JobState.Running, Curve = [.. job.Points] };
        }
    }

    /// <summary>Keeps a point a running job measured and wakes the polls waiting for one.</summary>
    private void AddPoint(Job job, CurvePoint point)
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            job.Points.Add(WireCurvePoint.From(point));
            woken = job.PointAdded;
            job.PointAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>Cancels and forgets a job.</summary>
    public void Cancel(string jobId)
    {
        Job? job;
        lock (_gate)
        {
            if (!_jobs.Remove(jobId, out job)) return;
        }
        if (job.Result is null)
        {
            _log($"job {Short(jobId)} cancelled by the coordinator");
            job.Cancellation.Cancel();
        }
    }

    /// <summary>Cancels running jobs whose lease expired and drops expired results. Runs on a timer; public for tests.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        List<Job> expired;
        lock (_gate)
        {
            expired = [.. _jobs.Values.Where(j => now - j.Touched > lease)];
            foreach (var job in expired) _jobs.Remove(job.Id);
        }
        foreach (var job in expired.Where(j => j.Result is null))
        {
            _log($"job {Short(job.Id)} cancelled: no coordinator polled it for {_options.LeaseSeconds.ToString(CultureInfo.InvariantCulture)} s");
            job.Cancellation.Cancel();
        }
    }

    /// <summary>Cancels every job and waits for the running ones to end (the worker is stopping).</summary>
    public async Task StopAsync()
    {
        List<Job> all;
        lock (_gate)
        {
            all = [.. _jobs.Values];
            _jobs.Clear();
        }
        foreach (var job in all) job.Cancellation.Cancel();
        await Task.WhenAll(all.Select(j => j.Task ?? Task.CompletedTask)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweeper.Dispose();
        lock (_gate)
        {
            foreach (var job in _jobs.Values) job.Cancellation.Cancel();
            _jobs.Clear();
        }
        foreach (var lazy in _evaluatorCache.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.Evaluator is IDisposable disposable) disposable.Dispose();
        }
    }

    private async Task RunAsync(Job job, ValidatedRequest request)
    {
        var clock = Stopwatch.StartNew();
        WireResult result;
        try
        {
            var evaluator = Evaluator(request);
            var outcome = await evaluator.EvaluateAsync(request.Genotype!, request.Fidelity, point => AddPoint(job, point), job.Cancellation.Token).ConfigureAwait(false);
            result = WireResult.From(outcome, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            lock (_gate) _running--;
            job.Finished.TrySetResult();
            return;
        }
        catch (Exception e)
        {
            // As in a local search (SearchLoop): any exception is a failed trial with its message, and the search goes on.
            result = WireResult.From(EvaluationResult.Failed($"{e.GetType().Name}: {e.Message}"), clock.Elapsed.TotalSeconds);
        }
        lock (_gate)
        {
            _running--;
            job.Result = result;
        }
        job.Finished.TrySetResult();
        _log(string.Create(CultureInfo.InvariantCulture,
            $"job {Short(job.Id)} finished in {result.Seconds:0.0} s: {(result.Ok ? $"score {result.Score:0.####}" : $"failed: {result.Error}")}"));
    }

    /// <summary>One evaluator per distinct settings, built on first use (a table or a data set is loaded once).</summary>
    private WorkerEvaluator Evaluator(ValidatedRequest request)
    {
        var lazy = _evaluatorCache.GetOrAdd(request.EvaluatorKey, _ => new Lazy<WorkerEvaluator>(() => CreateEvaluator(request)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _evaluatorCache.TryRemove(new KeyValuePair<string, Lazy<WorkerEvaluator>>(request.EvaluatorKey, lazy));
            throw;
        }
    }

    private WorkerEvaluator CreateEvaluator(ValidatedRequest request)
    {
        string? folder = null;
        if (WorkFolder is not null)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.EvaluatorKey)).AsSpan(0, 8));
            folder = Path.Combine(WorkFolder, hash);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "search.json"), request.EvaluatorKey + "\n");
        }
        var evaluator = _evaluators(request.Options, new EvaluationContext(folder));
        return new WorkerEvaluator(evaluator, SearchFactory.SpaceOf(request.Options), request.Options.Seed, NextTrial(folder));
    }

    /// <summary>
    /// The first trial number of a search folder: after the trial folders already there, so a restarted worker adds
    /// trials instead of overwriting the earlier ones' logs.
    /// </summary>
    private static int NextTrial(string? folder)
    {
        var trials = folder is null ? null : Path.Combine(folder, CommandEvaluatorFactory.TrialsFolder);
        if (trials is null || !Directory.Exists(trials)) return 0;
        return Directory.EnumerateDirectories(trials)
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 0)
            .DefaultIfEmpty(0).Max();
    }

    private static string Short(string id) => id[..Math.Min(8, id.Length)];

    /// <summary>
    /// An evaluator of one search's settings on this worker. A request carries no trial index, so a trial-aware
    /// evaluator (a trial command) gets this worker's own count for those settings: trial numbers (and the per-trial
    /// seeds derived from them) are the worker's, not the search's. It also gets the request's fidelity and reports
    /// its curve points as it measures them, which the coordinator's polls pass on to the search's stopping rule.
    /// </summary>
    private sealed class WorkerEvaluator(IEvaluator evaluator, ISearchSpace space, int seed, int firstTrial)
    {
        private int _next = firstTrial - 1;

        public IEvaluator Evaluator { get; } = evaluator;

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, double? fidelity, Action<CurvePoint> report, CancellationToken cancellationToken) =>
            Evaluator is ITrialAwareEvaluator aware
                ? aware.EvaluateAsync(new TrialContext
                {
                    Index = Interlocked.Increment(ref _next), Round = 0, Genotype = genotype,
                    Tokens = [.. space.Tokenizer.Tokenize(genotype)], Seed = seed, Fidelity = fidelity, ReportPoint = report,
                }, cancellationToken)
                : Evaluator.EvaluateAsync(genotype, cancellationToken);
    }

    private sealed class Job(string id, string label, DateTimeOffset started)
    {
        public string Id { get; } = id;
        public string Label { get; } = label;
        public CancellationTokenSource Cancellation { get; } = new();
        public DateTimeOffset Touched { get; set; } = started;
        public WireResult? Result { get; set; }
        public Task? Task { get; set; }
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The curve points measured so far (guarded by the runner's lock).</summary>
        public List<WireCurvePoint> Points { get; } = [];

        /// <summary>Completed when the next point arrives (replaced under the runner's lock).</summary>
        public TaskCompletionSource PointAdded { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
