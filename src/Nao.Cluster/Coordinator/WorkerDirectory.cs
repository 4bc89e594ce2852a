using System.Globalization;
using Nao.Cluster.Grains;

namespace Nao.Cluster.Coordinator;

/// <summary>
/// The coordinator's view of the workers: who is an active member (read from Orleans' membership, which detects
/// dead silos), how many slots each has and how many of them this coordinator uses, which workers reject this
/// run's settings, and which jobs a previous coordinator of the run left running.
/// </summary>
internal sealed class WorkerDirectory : IAsyncDisposable
{
    /// <summary>How long one short call (info, submit, poll) may take before the worker counts as unreachable.</summary>
    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private readonly IGrainFactory _grains;
    private readonly IManagementGrain _management;
    private readonly ClusterEvaluatorOptions _options;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _adoptable = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = NewSignal();
    private Task? _refreshing;
    private bool _refreshFailing;

    public WorkerDirectory(IGrainFactory grains, ClusterEvaluatorOptions options, Action<string> log)
    {
        _grains = grains;
        _management = grains.GetGrain<IManagementGrain>(0);
        _options = options;
        _log = log;
    }

    /// <summary>The active workers' infos, by name.</summary>
    public IReadOnlyList<WorkerInfo> Workers
    {
        get
        {
            lock (_gate) return [.. _workers.Values.Where(w => !w.Gone).Select(w => w.Info).OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>The active workers' keys and infos.</summary>
    public IReadOnlyList<(string Key, WorkerInfo Info)> Active
    {
        get
        {
            lock (_gate) return [.. _workers.Values.Where(w => !w.Gone).Select(w => (w.Key, w.Info))];
        }
    }

    /// <summary>Notes that a worker rejects requests with these settings, so none is sent there.</summary>
    public void RecordRejection(string key, string options, string message)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(key, out var w)) w.Rejections.TryAdd(options, message);
        }
    }

    /// <summary>The active workers' slots together.</summary>
    public int TotalSlots
    {
        get
        {
            lock (_gate) return _workers.Values.Where(w => !w.Gone).Sum(w => w.Info.Slots);
        }
    }

    /// <summary>The grain of the worker with this key.</summary>
    public IWorkerGrain Grain(string key) => _grains.GetGrain<IWorkerGrain>(key);

    /// <summary>The worker's name for logs.</summary>
    public string NameOf(string key)
    {
        lock (_gate) return _workers.TryGetValue(key, out var w) ? w.Info.Name : key;
    }

    /// <summary>Waits until at least one worker is active, then keeps the view fresh in the background.</summary>
    /// <exception cref="ClusterUnavailableException">No worker within <see cref="ClusterEvaluatorOptions.WaitForWorkersSeconds"/>.</exception>
    public async Task StartAsync(string clusterDescription, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(_options.WaitForWorkersSeconds);
        Exception? last = null;
        while (true)
        {
            try
            {
                await RefreshAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e; // The cluster may still be forming; try again until the deadline.
            }
            lock (_gate)
            {
                if (_workers.Values.Any(w => !w.Gone)) break;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new ClusterUnavailableException(string.Create(CultureInfo.InvariantCulture,
                    $"No worker joined the cluster ({clusterDescription}) within {_options.WaitForWorkersSeconds} s. Start one with 'nao worker --cluster …' and the same --cluster-id.") +
                    (last is null ? "" : $" (last error: {last.GetType().Name}: {last.Message})"), last);
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, _options.RefreshSeconds)), cancellationToken);
        }
        _refreshing = RefreshLoopAsync(_stop.Token);
    }

    /// <summary>Reads the membership: adds workers that joined, marks those that left, collects adoptable jobs.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var hosts = await _management.GetHosts(onlyActive: true).WaitAsync(CallTimeout, cancellationToken);
        var active = hosts.Keys.Select(s => s.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        List<string> joined;
        var changed = false;
        lock (_gate)
        {
            joined = [.. active.Where(k => !_workers.ContainsKey(k))];
            foreach (var (key, worker) in _workers)
            {
                if (!worker.Gone && !active.Contains(key))
                {
                    worker.Gone = true;
                    changed = true;
                    _log($"worker {worker.Info.Name} left the cluster; its evaluations move to other workers");
                }
            }
        }
        foreach (var key in joined)
        {
            WorkerInfo info;
            try
            {
                info = await Grain(key).GetInfo().WaitAsync(CallTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                continue; // Not answering yet (starting) or already gone; the next refresh tries again.
            }
            lock (_gate)
            {
                if (_workers.ContainsKey(key)) continue;
                _workers[key] = new Entry(key, info);
                foreach (var job in info.Jobs) _adoptable.TryAdd(job, key);
                changed = true;
            }
            _log($"worker {info.Name} joined: {Plural(info.Slots, "slot")}, {info.Device}" +
                 (info.Running > 0 ? $", {Plural(info.Running, "job")} running" : ""));
        }
        if (changed) Pulse();
    }

    /// <summary>Whether the membership lists the worker as active now; null when the membership cannot be read.</summary>
    public async Task<bool?> IsActiveAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var hosts = await _management.GetHosts(onlyActive: true).WaitAsync(CallTimeout, cancellationToken);
            var active = hosts.Keys.Any(s => string.Equals(s.ToParsableString(), key, StringComparison.Ordinal));
            if (!active) MarkGone(key);
            return active;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Sends no new job to a worker that stopped answering, for a while (it will most likely be declared dead).</summary>
    public void Suspect(string key)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(key, out var w)) w.FullUntil = DateTime.UtcNow.AddSeconds(30);
        }
    }

    /// <summary>Whether the worker has left the cluster.</summary>
    public bool IsGone(string key)
    {
        lock (_gate) return !_workers.TryGetValue(key, out var w) || w.Gone;
    }

    /// <summary>Takes the worker that already holds this job (left by a previous coordinator of the run), if any.</summary>
    public string? TakeAdoptable(string jobId)
    {
        lock (_gate)
        {
            if (!_adoptable.Remove(jobId, out var key) || !_workers.TryGetValue(key, out var w) || w.Gone) return null;
            w.Assigned++;
            return key;
        }
    }

    /// <summary>
    /// Starts the request on a worker with a free slot and returns the worker's key; waits while every slot is
    /// taken (a worker that joins meanwhile gets the job). Returns a rejection message instead when every active
    /// worker rejects the request.
    /// </summary>
    public async Task<(string? Worker, string? Rejection)> PlaceAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var waitingLogged = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task changed;
            List<Entry> candidates;
            lock (_gate)
            {
                changed = _changed.Task;
                var now = DateTime.UtcNow;
                candidates = [.. _workers.Values
                    .Where(w => !w.Gone && !w.Rejections.ContainsKey(request.Options) && w.FullUntil <= now && w.Assigned < w.Info.Slots)
                    .OrderByDescending(w => w.Info.Slots - w.Assigned).ThenBy(w => w.Assigned).ThenBy(w => w.Key, StringComparer.Ordinal)];
            }
            foreach (var worker in candidates)
            {
                JobReply reply;
                try
                {
                    reply = await Grain(worker.Key).Submit(request).WaitAsync(CallTimeout, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    lock (_gate) worker.FullUntil = DateTime.UtcNow.AddSeconds(_options.RefreshSeconds);
                    continue; // Unreachable now; the membership decides whether it is gone.
                }
                lock (_gate)
                {
                    switch (reply.State)
                    {
                        case JobState.Accepted:
                            worker.Assigned++;
                            return (worker.Key, null);
                        case JobState.Busy:
                            // Its slots are taken by other coordinators or by orphans whose lease has not expired yet.
                            worker.FullUntil = DateTime.UtcNow.AddSeconds(_options.RefreshSeconds);
                            break;
                        case JobState.Rejected:
                            if (worker.Rejections.TryAdd(request.Options, reply.Message ?? "rejected")) _log($"worker {worker.Info.Name} rejects this run's evaluations: {reply.Message}");
                            break;
                    }
                }
            }
            lock (_gate)
            {
                var active = _workers.Values.Where(w => !w.Gone).ToList();
                if (active.Count > 0 && active.All(w => w.Rejections.ContainsKey(request.Options)))
                {
                    return (null, $"every worker rejects the evaluation: {active[0].Rejections[request.Options]}");
                }
                if (active.Count == 0 && !waitingLogged)
                {
                    waitingLogged = true;
                    _log("no worker is in the cluster; waiting for one to join");
                }
            }
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(_options.RefreshSeconds), cancellationToken));
        }
    }

    /// <summary>Gives back the slot of a job that ended (or was abandoned) on a worker.</summary>
    public void Release(string key)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(key, out var w))
            {
                w.Assigned = Math.Max(0, w.Assigned - 1);
                if (w.FullUntil < DateTime.UtcNow.AddSeconds(_options.RefreshSeconds)) w.FullUntil = DateTime.MinValue;
            }
        }
        Pulse();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_refreshing is not null)
        {
            try
            {
                await _refreshing;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
        _stop.Dispose();
    }

    private void MarkGone(string key)
    {
        lock (_gate)
        {
            if (_workers.TryGetValue(key, out var w) && !w.Gone)
            {
                w.Gone = true;
                _log($"worker {w.Info.Name} left the cluster; its evaluations move to other workers");
            }
        }
        Pulse();
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.RefreshSeconds));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await RefreshAsync(cancellationToken);
                if (_refreshFailing) _log("the cluster membership is readable again");
                _refreshFailing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (!_refreshFailing) _log($"cannot read the cluster membership ({e.GetType().Name}: {e.Message}); retrying");
                _refreshFailing = true;
            }
        }
    }

    private void Pulse()
    {
        TaskCompletionSource old;
        lock (_gate)
        {
            old = _changed;
            _changed = NewSignal();
        }
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private sealed class Entry(string key, WorkerInfo info)
    {
        public string Key { get; } = key;
        public WorkerInfo Info { get; } = info;
        public int Assigned { get; set; }
        public DateTime FullUntil { get; set; } = DateTime.MinValue;
        public bool Gone { get; set; }
        public Dictionary<string, string> Rejections { get; } = new(StringComparer.Ordinal);
    }
}
