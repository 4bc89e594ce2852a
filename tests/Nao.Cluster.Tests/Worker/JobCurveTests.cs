using System.Threading.Channels;
using Nao.Cluster;
using Nao.Cluster.Coordinator;
using Nao.Cluster.Grains;
using Nao.Cluster.Worker;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Sessions;

namespace Nao.Tests.Worker;

/// <summary>
/// Issue 18 on workers: a job receives its trial's fidelity, keeps the curve points its evaluator reports, and a poll
/// that knows fewer points returns as soon as a new one exists, so the coordinator's stopping rule sees them live.
/// </summary>
public sealed class JobCurveTests : IDisposable
{
    private readonly SteppedEvaluator _evaluator = new();
    private readonly JobRunner _jobs;

    public JobCurveTests()
    {
        _jobs = new JobRunner(new WorkerOptions { Slots = 1, LeaseSeconds = 60 }, new RequestValidator(new DataRoots([]), new SearchRunner(SearchParts.Core)),
            (_, _) => _evaluator, _ => { });
    }

    public void Dispose() => _jobs.Dispose();

    private static EvaluationRequest Request(double? fidelity) =>
        ClusterSession.RequestTemplate(new SearchOptions { Space = "nb201", Strategy = "random", Evaluator = "sleep" }) with
        {
            Architecture = SearchSpaceRegistry.Nb201.Sample(new Random(3)).Canonical,
            Fidelity = fidelity,
        };

    [Fact]
    public async Task A_poll_returns_each_new_curve_point_while_the_job_runs_and_the_evaluator_gets_the_fidelity()
    {
        var request = Request(12);
        Assert.Equal(JobState.Accepted, _jobs.Submit(request).State);
        Assert.Equal(12.0, await _evaluator.Fidelities.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        // Nothing measured yet: a short poll has no points.
        Assert.Empty((await _jobs.PollAsync(request.JobId, TimeSpan.Zero, knownPoints: 0)).Curve);

        // A long poll that knows no points ends when the first arrives, long before its wait.
        var waiting = _jobs.PollAsync(request.JobId, TimeSpan.FromMinutes(5), knownPoints: 0);
        await _evaluator.Step(1, 0.25);
        var first = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(JobState.Running, first.State);
        Assert.Equal([(1.0, 0.25)], first.Curve.Select(p => (p.Step, p.Score)));

        // A poll that does not follow the curve (the default) waits for the end only, not for the next point.
        var endOnly = _jobs.PollAsync(request.JobId, TimeSpan.FromMinutes(5));
        await _evaluator.Step(2, 0.5);
        await Task.Delay(300);
        Assert.False(endOnly.IsCompleted, "a poll without knownPoints returned for a curve point");
        var second = await _jobs.PollAsync(request.JobId, TimeSpan.FromMinutes(5), knownPoints: 1).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1.0, 2.0], second.Curve.Select(p => p.Step));

        // A stop request from the coordinator cancels the evaluation and frees the slot.
        _jobs.Cancel(request.JobId);
        Assert.True(await _evaluator.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 200 && _jobs.Info([]).Running > 0; i++) await Task.Delay(25);
        Assert.Equal(0, _jobs.Info([]).Running);
    }

    [Fact]
    public void The_same_architecture_at_two_fidelities_is_two_jobs_and_a_bad_fidelity_is_rejected()
    {
        Assert.NotEqual(Request(12).JobId, Request(200).JobId);
        Assert.NotEqual(Request(null).JobId, Request(200).JobId);
        var reply = _jobs.Submit(Request(-1));
        Assert.Equal(JobState.Rejected, reply.State);
        Assert.Contains("fidelity must be a positive number", reply.Message);
    }

    /// <summary>Reports a curve point each time the test steps it; runs until cancelled.</summary>
    private sealed class SteppedEvaluator : ITrialAwareEvaluator
    {
        private readonly Channel<(double Step, double Score, TaskCompletionSource Done)> _steps = Channel.CreateUnbounded<(double, double, TaskCompletionSource)>();

        public string Name => "stepped";

        public Channel<double?> Fidelities { get; } = Channel.CreateUnbounded<double?>();

        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Step(double step, double score)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _steps.Writer.TryWrite((step, score, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A worker hands a trial-aware evaluator its trial context.");

        public async Task<EvaluationResult> EvaluateAsync(TrialContext trial, CancellationToken cancellationToken)
        {
            Fidelities.Writer.TryWrite(trial.Fidelity);
            try
            {
                while (true)
                {
                    var (step, score, done) = await _steps.Reader.ReadAsync(cancellationToken);
                    trial.ReportPoint?.Invoke(new CurvePoint(step, score));
                    done.TrySetResult();
                }
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult(true);
                throw;
            }
        }
    }
}
