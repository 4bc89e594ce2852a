using System.Collections.Immutable;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Objectives;

/// <summary>
/// Adds an architecture's exact costs to every result's metrics, so that trials store them beside the score (an
/// evaluator's own metric of the same name wins: a user's command may measure its own latency).
/// </summary>
/// <remarks>
/// Trial-aware, and passes the trial on to a trial-aware inner evaluator unchanged: the trial carries the scheduler's
/// fidelity, the live curve callback that early stopping reads, and the index a command's trial folder is named by.
/// Without this, a search with a constraint or an objective lost all three.
/// </remarks>
public sealed class CostMetricsEvaluator(IEvaluator inner, ICostModel costs) : ITrialAwareEvaluator
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        WithCosts(genotype, await inner.EvaluateAsync(genotype, cancellationToken));

    /// <inheritdoc />
    public async Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = inner is ITrialAwareEvaluator aware
            ? await aware.EvaluateAsync(context, cancellationToken)
            : await inner.EvaluateAsync(context.Genotype, cancellationToken);
        return WithCosts(context.Genotype, result);
    }

    private EvaluationResult WithCosts(Genotype genotype, EvaluationResult result) =>
        result with { Metrics = costs.Costs(genotype).ToImmutableSortedDictionary(StringComparer.Ordinal).SetItems(result.Metrics) };
}
