using System.Collections.Immutable;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Objectives;

/// <summary>
/// Adds an architecture's exact costs to every result's metrics, so that trials store them beside the score (an
/// evaluator's own metric of the same name wins: a user's command may measure its own latency).
/// </summary>
public sealed class CostMetricsEvaluator(IEvaluator inner, ICostModel costs) : IEvaluator
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        var result = await inner.EvaluateAsync(genotype, cancellationToken);
        var metrics = costs.Costs(genotype).ToImmutableSortedDictionary(StringComparer.Ordinal).SetItems(result.Metrics);
        return result with { Metrics = metrics };
    }
}
