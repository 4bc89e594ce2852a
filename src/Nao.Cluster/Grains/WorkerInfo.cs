namespace Nao.Cluster.Grains;

/// <summary>What a worker tells the coordinator about itself.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo
{
    /// <summary>The worker's name for logs. Default: empty.</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>Evaluations it runs at once. Default: 1.</summary>
    [Id(1)] public int Slots { get; init; } = 1;

    /// <summary>Jobs running now (this and other coordinators'). Default: 0.</summary>
    [Id(2)] public int Running { get; init; }

    /// <summary>Its device, <c>cpu</c> or <c>cuda</c>. Default: <c>cpu</c>.</summary>
    [Id(3)] public string Device { get; init; } = "cpu";

    /// <summary>Its data roots as paths on the worker. Default: none.</summary>
    [Id(4)] public string[] DataRoots { get; init; } = [];

    /// <summary>Its Nao version. Default: empty.</summary>
    [Id(5)] public string Version { get; init; } = "";

    /// <summary>The ids of the jobs it holds (running or finished and not yet expired). Default: none.</summary>
    [Id(6)] public string[] Jobs { get; init; } = [];
}
