using System.Collections.Immutable;
using Nao.Genotypes;

namespace Nao.Objectives;

/// <summary>
/// Exact costs of every NAS-Bench-201 architecture from a handful of measured numbers. A NAS-Bench-201 network is a
/// fixed skeleton (stem, two residual reduction blocks, classifier) plus 15 copies of one cell, whose 6 edges each run
/// one operation at a stage's width; an edge's operation has the same parameters and multiply-adds wherever it sits in
/// the cell. So a cost is additive: the all-<c>none</c> network's cost plus, per edge, what its operation adds (summed
/// over the 3 stages × 5 cells). Building and walking all 15,625 networks takes minutes; building the 5 that give these
/// numbers takes milliseconds, and a test checks the sum against the walker on random architectures.
/// </summary>
public sealed class Nb201CostTable : ICostModel
{
    private readonly ImmutableDictionary<string, double> _base;
    private readonly ImmutableDictionary<Nb201Operation, ImmutableDictionary<string, double>> _perEdge;
    private readonly Dictionary<string, (double Min, double Max)> _ranges = [];

    /// <summary>Creates the table from the skeleton's costs and each operation's added cost on one edge.</summary>
    /// <param name="baseCosts">The costs of the network whose 6 edges are all <c>none</c>, per metric.</param>
    /// <param name="perEdge">Per operation, what it adds on one edge of every cell (0 for <c>none</c>), per metric.</param>
    /// <exception cref="ArgumentException">An operation or a metric is missing.</exception>
    public Nb201CostTable(IReadOnlyDictionary<string, double> baseCosts, IReadOnlyDictionary<Nb201Operation, IReadOnlyDictionary<string, double>> perEdge)
    {
        _base = baseCosts.ToImmutableDictionary();
        Metrics = [.. baseCosts.Keys.Order(StringComparer.Ordinal)];
        foreach (var op in Enum.GetValues<Nb201Operation>())
        {
            if (!perEdge.TryGetValue(op, out var costs)) throw new ArgumentException($"The NAS-Bench-201 cost table has no costs for operation {op.Name()}.", nameof(perEdge));
            foreach (var metric in Metrics)
            {
                if (!costs.ContainsKey(metric)) throw new ArgumentException($"The NAS-Bench-201 cost table has no '{metric}' for operation {op.Name()}.", nameof(perEdge));
            }
        }
        _perEdge = perEdge.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableDictionary());
        foreach (var metric in Metrics)
        {
            // The extremes put the cheapest (dearest) operation on every edge: costs are additive and per-edge costs equal.
            var values = _perEdge.Values.Select(v => v[metric]).ToArray();
            _ranges[metric] = (_base[metric] + Nb201Genotype.EdgeCount * values.Min(), _base[metric] + Nb201Genotype.EdgeCount * values.Max());
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Metrics { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Costs(Genotype genotype)
    {
        if (genotype is not Nb201Genotype cell) throw new ArgumentException($"The NAS-Bench-201 cost table prices NAS-Bench-201 cells only; got {genotype.GetType().Name}.", nameof(genotype));
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in Metrics) result[metric] = _base[metric] + cell.Edges.Sum(op => _perEdge[op][metric]);
        return result;
    }

    /// <inheritdoc />
    public (double Min, double Max)? Range(string metric) => _ranges.TryGetValue(metric, out var range) ? range : null;
}
