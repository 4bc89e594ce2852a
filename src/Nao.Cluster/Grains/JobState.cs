namespace Nao.Cluster.Grains;

/// <summary>What a worker says about a job.</summary>
[GenerateSerializer]
public enum JobState
{
    /// <summary>The job was started (or was already running) on this worker.</summary>
    Accepted,

    /// <summary>Every slot is taken; try another worker or later.</summary>
    Busy,

    /// <summary>The request is invalid for this worker (unknown evaluator, a path outside the data roots, …); see the message.</summary>
    Rejected,

    /// <summary>The job is still running.</summary>
    Running,

    /// <summary>The job finished; the result is attached.</summary>
    Done,

    /// <summary>This worker has no such job (never started, cancelled, or its lease expired).</summary>
    Unknown,
}
