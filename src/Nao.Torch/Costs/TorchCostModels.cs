using System.Text.Json.Nodes;
using Nao.Networks;
using Nao.Objectives;
using Nao.Search;
using Nao.SearchSpaces;

namespace Nao.Costs;

/// <summary>
/// The exact cost model of each built-in space: NAS-Bench-201 at the benchmark's CIFAR-10 networks, <c>nasnet</c> and
/// <c>enas</c> at the search's training settings (<c>--training layers=N filters=F</c>; DESIGN.md's search setting
/// N=3, F=32 when not given), CIFAR-sized inputs. Other spaces have none.
/// </summary>
public static class TorchCostModels
{
    // Measured once per process: five small builds.
    private static readonly Lazy<Nb201CostTable> Nb201 = new(() => Nb201CostMeasurement.Measure());

    /// <summary>The cost model for the search, or null for a space without one.</summary>
    public static ICostModel? For(SearchOptions options, ISearchSpace space)
    {
        if (space.Name == SearchSpaceRegistry.Nb201.Name) return Nb201.Value;
        if (space.Name != SearchSpaceRegistry.Nasnet.Name && space.Name != SearchSpaceRegistry.Enas.Name) return null;
        var layers = Setting(options.Training, "layers") ?? 3;
        var filters = Setting(options.Training, "filters") ?? 32;
        return new CellNetworkCostModel(new CellNetworkOptions { Layers = layers, Filters = filters });
    }

    private static int? Setting(JsonObject? settings, string name)
    {
        if (settings is null) return null;
        foreach (var (key, value) in settings)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && value is JsonValue v && v.TryGetValue<int>(out var n)) return n;
        }
        return null;
    }
}
