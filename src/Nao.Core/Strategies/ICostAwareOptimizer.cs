using Nao.Genotypes;
using Nao.Objectives;

namespace Nao.Strategies;

/// <summary>
/// What a cost-aware optimizer learns and steers by (DESIGN.md section 7): one predictor head per cost metric, trained
/// on the exact costs, and the constraints whose predicted violation the Eq. 2 step is penalised by.
/// </summary>
/// <param name="Metrics">The cost metrics to learn, one head each.</param>
/// <param name="Costs">The exact costs of an architecture (the cost model).</param>
/// <param name="Constraints">The bounds; the step follows f − Σ μ·softplus((g_c − log b_c)/τ) in the heads' normalised log scale.</param>
/// <param name="PenaltyWeight">μ.</param>
/// <param name="PenaltyTemperature">τ.</param>
public sealed record CostGuidance(IReadOnlyList<string> Metrics, Func<Genotype, IReadOnlyDictionary<string, double>> Costs,
    IReadOnlyList<CostConstraint> Constraints, double PenaltyWeight, double PenaltyTemperature);

/// <summary>
/// An <see cref="IArchitectureOptimizer"/> that also learns costs and takes them into its continuous step: constraints
/// as a penalty, and, for a Pareto search, a Tchebycheff scalarisation with per-seed weights.
/// </summary>
public interface ICostAwareOptimizer : IArchitectureOptimizer
{
    /// <summary>The costs to learn and the constraints to respect; set before <see cref="IArchitectureOptimizer.Fit"/>. Null: none.</summary>
    CostGuidance? Guidance { get; set; }

    /// <summary>
    /// As <see cref="IArchitectureOptimizer.Propose"/>, with per seed a weight vector over (accuracy, each guidance
    /// metric in order): the step then climbs −max_i w_i·(1 − o_i), the Tchebycheff scalarisation of the predicted
    /// normalised accuracy and the predicted normalised cheapness (1 − cost), minus the constraint penalty. Null
    /// weights: accuracy alone, minus the penalty. Predicted values in the results are those objectives.
    /// </summary>
    IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, IReadOnlyList<double[]>? weights, Func<Genotype, bool> isKnown, CancellationToken cancellationToken);

    /// <summary>The predicted costs of each architecture in the metrics' own units (the heads' exp of the log cost).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, double>> PredictCosts(IReadOnlyList<Genotype> architectures);
}
