namespace Nao.Cluster.Grains;

/// <summary>
/// One worker's job desk, pinned to the worker's silo (its key is the silo address). Every call returns within
/// seconds: <see cref="Submit"/> starts a job in the background and the coordinator polls it, so an evaluation of
/// hours never waits on one Orleans message and never meets the messaging response timeout.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>The worker's slots, load, device, data roots, version and jobs.</summary>
    Task<WorkerInfo> GetInfo();

    /// <summary>Checks a request without running it: <see cref="JobState.Accepted"/> or <see cref="JobState.Rejected"/> with the reason.</summary>
    Task<JobReply> Check(EvaluationRequest request);

    /// <summary>
    /// Starts the request as a job with id <see cref="EvaluationRequest.JobId"/> (or attaches to the job of that id
    /// if it exists): <see cref="JobState.Accepted"/>, <see cref="JobState.Busy"/> or <see cref="JobState.Rejected"/>.
    /// </summary>
    Task<JobReply> Submit(EvaluationRequest request);

    /// <summary>
    /// A job's state, with the result once done or the curve points measured so far while it runs; renews the job's
    /// lease. A running job's reply waits up to <paramref name="wait"/> for the job to finish or to measure more than
    /// <paramref name="knownPoints"/> curve points (a long poll: the result and each new point arrive as soon as they
    /// exist, with few messages); keep the wait well under the messaging response timeout (30 s).
    /// </summary>
    Task<JobReply> Poll(string jobId, TimeSpan wait, int knownPoints);

    /// <summary>Cancels a job and forgets it (nothing happens for an unknown id).</summary>
    Task Cancel(string jobId);
}
