using Nao.Cluster.Placement;
using Nao.Cluster.Worker;
using Orleans.Concurrency;

namespace Nao.Cluster.Grains;

/// <summary>
/// The job desk of the worker it is pinned to: a thin, reentrant front of the silo's <see cref="JobRunner"/> (every
/// call is short and the runner is thread-safe, so calls need not queue behind each other).
/// </summary>
[SiloPinnedPlacement, Reentrant]
internal sealed class WorkerGrain(JobRunner jobs, DataRoots roots, ILocalSiloDetails silo) : Grain, IWorkerGrain
{
    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The placement director guarantees this; checking makes a mistake loud instead of routing jobs to the wrong worker.
        var key = this.GetPrimaryKeyString();
        if (!string.Equals(key, silo.SiloAddress.ToParsableString(), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The worker grain for {key} was placed on {silo.SiloAddress}.");
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WorkerInfo> GetInfo() => Task.FromResult(jobs.Info(roots.Roots));

    /// <inheritdoc />
    public Task<JobReply> Check(EvaluationRequest request) => Task.FromResult(jobs.Check(request));

    /// <inheritdoc />
    public Task<JobReply> Submit(EvaluationRequest request) => Task.FromResult(jobs.Submit(request));

    /// <inheritdoc />
    public Task<JobReply> Poll(string jobId, TimeSpan wait, int knownPoints) => jobs.PollAsync(jobId, wait, knownPoints);

    /// <inheritdoc />
    public Task Cancel(string jobId)
    {
        jobs.Cancel(jobId);
        return Task.CompletedTask;
    }
}
