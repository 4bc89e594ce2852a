using Nao.Genotypes;
using Nao.Objectives;

namespace Nao.Tests.Objectives;

/// <summary>A hand-made NAS-Bench-201 cost table: the skeleton costs 1000 params, an edge adds 0, 0, 100, 900, 0 by operation (none, skip, 1×1, 3×3, pool).</summary>
internal static class ObjectiveTestData
{
    public static Nb201CostTable Table() => new(
        new Dictionary<string, double> { ["params"] = 1000, ["flops"] = 10_000 },
        new Dictionary<Nb201Operation, IReadOnlyDictionary<string, double>>
        {
            [Nb201Operation.None] = new Dictionary<string, double> { ["params"] = 0, ["flops"] = 0 },
            [Nb201Operation.SkipConnect] = new Dictionary<string, double> { ["params"] = 0, ["flops"] = 0 },
            [Nb201Operation.NorConv1x1] = new Dictionary<string, double> { ["params"] = 100, ["flops"] = 1_000 },
            [Nb201Operation.NorConv3x3] = new Dictionary<string, double> { ["params"] = 900, ["flops"] = 9_000 },
            [Nb201Operation.AvgPool3x3] = new Dictionary<string, double> { ["params"] = 0, ["flops"] = 0 },
        });
}
