using System.Collections.Concurrent;
using Nao.Genotypes;
using Nao.Networks;
using Nao.Networks.Costs;
using Nao.Objectives;
using Nao.Torch;
using static TorchSharp.torch;

namespace Nao.Costs;

/// <summary>
/// Exact costs of a <c>nasnet</c> or <c>enas</c> architecture: the network is built at the given N (layers), F
/// (filters) and input size and counted by the cost counter (no auxiliary head). Builds are cached per architecture,
/// since a search prices each candidate more than once. Its range is unknown (the space is too large to enumerate).
/// </summary>
public sealed class CellNetworkCostModel(CellNetworkOptions options, int inputSize = 32) : ICostModel
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, double>> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<string> Metrics { get; } = [Nb201CostMeasurement.MultiplyAdds, Nb201CostMeasurement.Parameters];

    /// <summary>The network settings it prices at.</summary>
    public CellNetworkOptions Options { get; } = options;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Costs(Genotype genotype)
    {
        if (genotype is not ConvGenotype cell) throw new ArgumentException($"The cell network cost model prices cell architectures only; got {genotype.GetType().Name}.", nameof(genotype));
        return _cache.GetOrAdd(cell.Canonical, _ =>
        {
            TorchRuntime.Initialize();
            using var scope = NewDisposeScope();
            using var network = new CellNetwork(cell, Options with { AuxiliaryHead = false });
            var cost = CostCounter.Count(network, [1, Options.InputChannels, inputSize, inputSize]);
            return new Dictionary<string, double> { [Nb201CostMeasurement.Parameters] = cost.Parameters, [Nb201CostMeasurement.MultiplyAdds] = cost.MultiplyAdds };
        });
    }

    /// <inheritdoc />
    public (double Min, double Max)? Range(string metric) => null;
}
