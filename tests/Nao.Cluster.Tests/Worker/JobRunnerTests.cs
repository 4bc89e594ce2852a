using System.Collections.Concurrent;
using Nao.Cluster;
using Nao.Cluster.Coordinator;
using Nao.Cluster.Grains;
using Nao.Cluster.Worker;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Tests.Worker;

public sealed class JobRunnerTests : IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly GatedEvaluator _evaluator = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly JobRunner _jobs;

    public JobRunnerTests()
    {
        _jobs = new JobRunner(new WorkerOptions { Slots = 2, LeaseSeconds = 60 }, new RequestValidator(new DataRoots([]), new SearchRunner(SearchParts.Core)),
            (_, _) => _evaluator, _log.Enqueue, _clock);
    }

    public void Dispose()
    {
        _evaluator.Release();
        _jobs.Dispose();
    }

    private static EvaluationRequest Request(int seed) =>
        ClusterSession.RequestTemplate(new SearchOptions { Space = "nb201", Strategy = "random", Evaluator = "sleep" }) with
        {
            Architecture = SearchSpaceRegistry.Nb201.Sample(new Random(seed)).Canonical,
        };

    [Fact]
    public async Task A_job_runs_in_the_background_and_its_result_is_kept_for_the_poll()
    {
        var request = Request(1);
        Assert.Equal(JobState.Accepted, _jobs.Submit(request).State);
        Assert.Equal(JobState.Running, (await _jobs.PollAsync(request.JobId, TimeSpan.Zero)).State);
        _evaluator.Release();
        var reply = await _jobs.PollAsync(request.JobId, TimeSpan.FromSeconds(10));
        Assert.Equal(JobState.Done, reply.State);
        Assert.Equal(42.0, reply.Result!.Score);
        Assert.Equal(1.5, reply.Result.Metrics["m"]);
        Assert.Equal(JobState.Done, (await _jobs.PollAsync(request.JobId, TimeSpan.Zero)).State);
    }

    [Fact]
    public async Task A_full_worker_answers_busy_and_a_second_submit_of_the_same_job_attaches_without_a_slot()
    {
        Assert.Equal(JobState.Accepted, _jobs.Submit(Request(1)).State);
        Assert.Equal(JobState.Accepted, _jobs.Submit(Request(2)).State);
        Assert.Equal(JobState.Accepted, _jobs.Submit(Request(1)).State);
        Assert.Equal(JobState.Busy, _jobs.Submit(Request(3)).State);
        Assert.Equal(2, _jobs.Info([]).Running);
        await WaitUntil(() => _evaluator.Started == 2);
        await Task.Delay(100);
        Assert.Equal(2, _evaluator.Started);
    }

    [Fact]
    public async Task A_job_nobody_polls_for_the_lease_is_cancelled_and_frees_its_slot()
    {
        var request = Request(1);
        _jobs.Submit(request);
        _jobs.Submit(Request(2));
        _clock.Advance(TimeSpan.FromSeconds(40));
        await _jobs.PollAsync(request.JobId, TimeSpan.Zero); // renews job 1 only
        _clock.Advance(TimeSpan.FromSeconds(30));
        _jobs.Sweep();
        Assert.Equal(JobState.Running, (await _jobs.PollAsync(request.JobId, TimeSpan.Zero)).State);
        Assert.Equal(JobState.Unknown, (await _jobs.PollAsync(Request(2).JobId, TimeSpan.Zero)).State);
        await WaitUntil(() => _jobs.Info([]).Running == 1);
        Assert.Contains(_log, line => line.Contains("no coordinator polled it for 60 s"));
        Assert.Equal(JobState.Accepted, _jobs.Submit(Request(3)).State);
    }

    [Fact]
    public async Task A_cancelled_job_is_forgotten_and_an_evaluator_exception_is_a_failed_result()
    {
        var request = Request(1);
        _jobs.Submit(request);
        _jobs.Cancel(request.JobId);
        Assert.Equal(JobState.Unknown, (await _jobs.PollAsync(request.JobId, TimeSpan.Zero)).State);
        await WaitUntil(() => _jobs.Info([]).Running == 0);

        _evaluator.Throw = true;
        var failing = Request(2);
        _jobs.Submit(failing);
        _evaluator.Release();
        var reply = await _jobs.PollAsync(failing.JobId, TimeSpan.FromSeconds(10));
        Assert.Equal(JobState.Done, reply.State);
        Assert.False(reply.Result!.Ok);
        Assert.Equal("InvalidOperationException: out of memory", reply.Result.Error);
    }

    [Fact]
    public void An_invalid_request_is_rejected_without_taking_a_slot()
    {
        var reply = _jobs.Submit(Request(1) with { Options = "[1]" });
        Assert.Equal(JobState.Rejected, reply.State);
        Assert.Equal(0, _jobs.Info([]).Running);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>Blocks every evaluation until released; honours cancellation.</summary>
    private sealed class GatedEvaluator : IEvaluator
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public string Name => "gated";

        public int Started => _started;

        public bool Throw { get; set; }

        public void Release() => _gate.TrySetResult();

        public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            await _gate.Task.WaitAsync(cancellationToken);
            if (Throw) throw new InvalidOperationException("out of memory");
            return EvaluationResult.Ok(42, new Dictionary<string, double> { ["m"] = 1.5 });
        }
    }
}
