using Nao.Genotypes;
using Nao.Networks.Costs;
using Nao.Networks.Nb201;
using Nao.Objectives;
using Nao.Torch;
using static TorchSharp.torch;

namespace Nao.Costs;

/// <summary>
/// Measures <see cref="Nb201CostTable"/> with the cost counter: the all-<c>none</c> network, and one network per other
/// operation with that operation on the first edge and <c>none</c> elsewhere. Five builds, instead of 15,625, give the
/// exact costs of the whole space because costs are additive per edge (checked against the walker by a test).
/// </summary>
public static class Nb201CostMeasurement
{
    /// <summary>The parameter count's metric name.</summary>
    public const string Parameters = "params";

    /// <summary>The multiply-add count's metric name (NAS-Bench-201 calls it FLOPs).</summary>
    public const string MultiplyAdds = "flops";

    /// <summary>The cost of one architecture, counted on its built network.</summary>
    public static IReadOnlyDictionary<string, double> Count(Nb201Genotype genotype, Nb201NetworkOptions options)
    {
        TorchRuntime.Initialize();
        using var scope = NewDisposeScope();
        using var network = new Nb201Network(genotype, options);
        var cost = CostCounter.Count(network, options.InputShape);
        return new Dictionary<string, double> { [Parameters] = cost.Parameters, [MultiplyAdds] = cost.MultiplyAdds };
    }

    /// <summary>The table for networks of <paramref name="options"/> (default: the benchmark's CIFAR-10 networks).</summary>
    public static Nb201CostTable Measure(Nb201NetworkOptions? options = null)
    {
        options ??= new Nb201NetworkOptions();
        var none = Count(new Nb201Genotype(Enumerable.Repeat(Nb201Operation.None, Nb201Genotype.EdgeCount)), options);
        var perEdge = new Dictionary<Nb201Operation, IReadOnlyDictionary<string, double>>();
        foreach (var op in Enum.GetValues<Nb201Operation>())
        {
            Nb201Operation[] edges = [op, .. Enumerable.Repeat(Nb201Operation.None, Nb201Genotype.EdgeCount - 1)];
            var cost = op == Nb201Operation.None ? none : Count(new Nb201Genotype(edges), options);
            perEdge[op] = none.Keys.ToDictionary(k => k, k => cost[k] - none[k]);
        }
        return new Nb201CostTable(none, perEdge);
    }
}
