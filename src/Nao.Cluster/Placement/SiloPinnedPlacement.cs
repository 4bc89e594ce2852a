namespace Nao.Cluster.Placement;

/// <summary>
/// Places a grain on the silo its string key names (<see cref="SiloAddress.ToParsableString"/>), and nowhere else:
/// a worker's job desk must live with the worker's jobs. Calls to a silo that has left the cluster fail instead of
/// quietly activating the grain elsewhere, which is how the coordinator learns that a worker is gone.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloPinnedPlacement Instance { get; } = new();
}
