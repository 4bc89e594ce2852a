using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Networks;
using Nao.Networks.Nb201;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;
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
    /// <remarks>
    /// Latency (<c>latency1</c>, <c>latency64</c>: ms per forward pass at batch 1 and 64, on this machine) joins the
    /// metrics only when a constraint or objective names it, since measuring it costs forward passes of every
    /// architecture the search prices. <c>enas-rnn</c> is priced at <c>--training hidden=H</c> (default the trainer's, 300), a
    /// vocabulary of <c>vocabulary=V</c> (default 10,000, PTB) and sequences of <c>bptt=T</c> tokens (default 35).
    /// </remarks>
    public static ICostModel? For(SearchOptions options, ISearchSpace space)
    {
        var latency = options.Objectives.CostMetrics.Any(LatencyCostModel.IsLatencyMetric) ? new LatencyOptions() : null;
        if (space.Name == SearchSpaceRegistry.Nb201.Name)
        {
            var network = new Nb201NetworkOptions();
            return latency is null ? Nb201.Value : new LatencyCostModel(Nb201.Value, (g, batches) => Measure(
                () => new Nb201Network((Nb201Genotype)g, network), [network.InputChannels, network.InputSize, network.InputSize], batches, latency), LatencyCostModel.Describe(latency));
        }
        if (space.Name == SearchSpaceRegistry.EnasRnn.Name)
        {
            // The children the search trains: the trainer's hidden size (its default unless --training hidden=H).
            return new RecurrentCostModel(Setting(options.Training, "hidden") ?? new RecurrentTrainingSettings().Hidden,
                Setting(options.Training, "vocabulary") ?? 10_000, Setting(options.Training, "bptt") ?? 35);
        }
        if (space.Name != SearchSpaceRegistry.Nasnet.Name && space.Name != SearchSpaceRegistry.Enas.Name) return null;
        var layers = Setting(options.Training, "layers") ?? 3;
        var filters = Setting(options.Training, "filters") ?? 32;
        var cells = new CellNetworkOptions { Layers = layers, Filters = filters };
        var counted = new CellNetworkCostModel(cells);
        return latency is null ? counted : new LatencyCostModel(counted, (g, batches) => Measure(
            () => new CellNetwork((ConvGenotype)g, cells with { AuxiliaryHead = false }), [cells.InputChannels, 32, 32], batches, latency), LatencyCostModel.Describe(latency));
    }

    /// <summary>Builds the network once and times it at each batch size.</summary>
    private static double[] Measure<TResult>(Func<nn.Module<Tensor, TResult>> build, long[] sample, IReadOnlyList<int> batches, LatencyOptions latency)
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        using var network = build();
        return [.. batches.Select(b => LatencyMeter.MedianMilliseconds(network, [b, .. sample], latency))];
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
