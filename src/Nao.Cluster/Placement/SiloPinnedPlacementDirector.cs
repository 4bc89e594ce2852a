using Orleans.Runtime.Placement;

namespace Nao.Cluster.Placement;

/// <summary>Places a <see cref="SiloPinnedPlacement"/> grain on the silo named by its key, if that silo is an active member.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    /// <exception cref="SiloUnavailableException">The named silo is not an active member of the cluster.</exception>
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"A worker grain's key must be a silo address; got '{key}'.", e);
        }
        if (Array.IndexOf(context.GetCompatibleSilos(target), silo) < 0)
        {
            throw new SiloUnavailableException($"The worker at {key} is not an active member of the cluster (it has stopped or died).");
        }
        return Task.FromResult(silo);
    }
}
