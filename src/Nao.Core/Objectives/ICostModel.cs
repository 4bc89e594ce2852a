using Nao.Genotypes;

namespace Nao.Objectives;

/// <summary>
/// Exact costs of an architecture (parameters, multiply-adds, …) without evaluating it, so that a search can reject an
/// infeasible architecture before spending an evaluation on it. Core holds the interface only: counting needs the
/// built network, which lives in Nao.Torch.
/// </summary>
public interface ICostModel
{
    /// <summary>The cost metrics it gives, e.g. <c>params</c> and <c>flops</c> (the names trials store them under).</summary>
    IReadOnlyList<string> Metrics { get; }

    /// <summary>The exact costs of one architecture, one per <see cref="Metrics"/> name.</summary>
    IReadOnlyDictionary<string, double> Costs(Genotype genotype);

    /// <summary>
    /// The smallest and largest value of a metric over the whole space when that can be computed (an enumerable space
    /// such as NAS-Bench-201), else null. Used to refuse a constraint that no architecture satisfies and to place the
    /// hypervolume's reference point.
    /// </summary>
    (double Min, double Max)? Range(string metric);
}
