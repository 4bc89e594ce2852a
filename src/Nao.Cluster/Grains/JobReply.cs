namespace Nao.Cluster.Grains;

/// <summary>A worker's answer about one job.</summary>
[GenerateSerializer, Immutable]
public sealed record JobReply
{
    /// <summary>The job's state. Default: <see cref="JobState.Unknown"/>.</summary>
    [Id(0)] public JobState State { get; init; } = JobState.Unknown;

    /// <summary>The result, when <see cref="State"/> is <see cref="JobState.Done"/>. Default: null.</summary>
    [Id(1)] public WireResult? Result { get; init; }

    /// <summary>Why the request was rejected, when <see cref="State"/> is <see cref="JobState.Rejected"/>. Default: null.</summary>
    [Id(2)] public string? Message { get; init; }

    /// <summary>
    /// The learning curve measured so far, while <see cref="State"/> is <see cref="JobState.Running"/>: the coordinator
    /// hands each new point to the search's stopping rule as it arrives. Default: empty.
    /// </summary>
    [Id(3)] public List<WireCurvePoint> Curve { get; init; } = [];

    /// <summary>A reply with no result or message.</summary>
    public static JobReply Of(JobState state) => new() { State = state };

    /// <summary>A rejection with its reason.</summary>
    public static JobReply Reject(string message) => new() { State = JobState.Rejected, Message = message };
}
