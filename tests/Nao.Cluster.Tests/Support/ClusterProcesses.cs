namespace Nao.Tests.Support;

/// <summary>
/// Tests that start worker processes run one class at a time: on a 2-core machine, several clusters at once would
/// starve each other's failure detectors and turn slowness into false deaths.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterProcesses
{
    public const string Name = "cluster processes";
}
