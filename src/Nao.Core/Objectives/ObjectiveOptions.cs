namespace Nao.Objectives;

/// <summary>
/// Constraints and objectives of a search (DESIGN.md section 7): bounds that make an architecture infeasible (never
/// evaluated when its exact cost breaks one), and, for a Pareto search, the objectives whose front is sought.
/// </summary>
public sealed record ObjectiveOptions
{
    /// <summary>Bounds on cost metrics, all of which a feasible architecture meets. Default: none.</summary>
    public IReadOnlyList<CostConstraint> Constraints { get; init; } = [];

    /// <summary>
    /// The objectives of a Pareto search: exactly <c>accuracy:max</c> and one cost to minimise for now. Default: none
    /// (a single-objective search of the score).
    /// </summary>
    public IReadOnlyList<ObjectiveSpec> Objectives { get; init; } = [];

    /// <summary>μ: the weight of the softplus penalty on a predicted constraint violation in NAO's step. Default: 1.</summary>
    public double PenaltyWeight { get; init; } = 1.0;

    /// <summary>
    /// τ: the softplus temperature of that penalty, in the controller's normalised log-cost scale (0..1 across the pool).
    /// Default: 0.05 (the penalty turns on within about 5% of the pool's log-cost range past the budget).
    /// </summary>
    public double PenaltyTemperature { get; init; } = 0.05;

    /// <summary>Whether there is anything beyond the single-objective search.</summary>
    public bool IsActive => Constraints.Count > 0 || Objectives.Count > 0;

    /// <summary>Whether the search is a Pareto search (two objectives or more).</summary>
    public bool IsPareto => Objectives.Count > 1;

    /// <summary>The cost metrics the objectives minimise (the Pareto search's second objectives).</summary>
    public IEnumerable<string> CostObjectives => Objectives.Where(o => !o.IsScore).Select(o => o.Metric);

    /// <summary>Every metric a cost model must provide for this search (constraints and objectives).</summary>
    public IEnumerable<string> CostMetrics => Constraints.Select(c => c.Metric).Concat(CostObjectives).Distinct(StringComparer.Ordinal);

    /// <summary>Whether an architecture with these costs meets every constraint.</summary>
    public bool IsFeasible(IReadOnlyDictionary<string, double> costs) =>
        Constraints.All(c => !costs.TryGetValue(c.Metric, out var v) || c.IsSatisfiedBy(v));

    /// <summary>
    /// Checks the values against the cost model of the space (null when the space has none): every metric is one it
    /// gives, and no constraint excludes the whole space where its range is known. With <paramref name="requireCosts"/>
    /// false and no cost model, only the form is checked (Core alone cannot price a network).
    /// </summary>
    /// <exception cref="ArgumentException">The message names the problem and the fix.</exception>
    public void Validate(ICostModel? costs, bool requireCosts = true)
    {
        if (!(PenaltyWeight >= 0) || !double.IsFinite(PenaltyWeight)) throw new ArgumentException($"The constraint penalty weight μ must be a finite number ≥ 0; got {PenaltyWeight}.");
        if (!(PenaltyTemperature > 0) || !double.IsFinite(PenaltyTemperature)) throw new ArgumentException($"The constraint penalty temperature τ must be a finite number > 0; got {PenaltyTemperature}.");
        if (!IsActive) return;
        if (Objectives.Count == 1) throw new ArgumentException($"One --objective ({Objectives[0]}) is no Pareto search; give two (e.g. --objective accuracy:max --objective flops:min), or none.");
        if (Objectives.Count > 0)
        {
            var score = Objectives.Where(o => o.IsScore).ToList();
            if (score.Count != 1 || !score[0].Maximize || Objectives.Count != 2)
            {
                throw new ArgumentException($"A Pareto search takes accuracy:max and one cost to minimise (e.g. --objective accuracy:max --objective flops:min); got {string.Join(" ", Objectives)}.");
            }
            if (Objectives.Single(o => !o.IsScore).Maximize) throw new ArgumentException($"The cost objective must be minimised: write --objective {Objectives.Single(o => !o.IsScore).Metric}:min.");
        }
        if (costs is null && !requireCosts) return;
        if (costs is null)
        {
            throw new ArgumentException("This search space has no cost model, so --constraint and --objective cannot be checked before evaluation; drop them, or use nb201, nasnet or enas.");
        }
        foreach (var metric in CostMetrics)
        {
            if (!costs.Metrics.Contains(metric, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Unknown cost metric '{metric}'; the space's cost model gives {string.Join(", ", costs.Metrics)}.");
            }
        }
        foreach (var constraint in Constraints)
        {
            if (costs.Range(constraint.Metric) is { } range && !constraint.IsSatisfiedBy(constraint.IsUpper ? range.Min : range.Max))
            {
                throw new ArgumentException(
                    $"--constraint {constraint} excludes every architecture of the space ({constraint.Metric} ranges over {range.Min:G6}..{range.Max:G6}); loosen the bound.");
            }
        }
    }
}
