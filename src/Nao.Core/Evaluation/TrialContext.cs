using System.Collections.Immutable;
using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>
/// What the search knows about a trial besides its architecture: where it stands in the run and the run's seed. An
/// <see cref="ITrialAwareEvaluator"/> receives it, e.g. to name a per-trial folder or to seed a training run.
/// </summary>
public sealed record TrialContext
{
    /// <summary>The trial's 0-based index in the run (the order the strategy asked).</summary>
    public required int Index { get; init; }

    /// <summary>The strategy's round (0 = initial random pool).</summary>
    public required int Round { get; init; }

    /// <summary>The architecture to evaluate.</summary>
    public required Genotype Genotype { get; init; }

    /// <summary>The architecture's tokens in its space's tokenizer.</summary>
    public required ImmutableArray<int> Tokens { get; init; }

    /// <summary>The search's seed (<see cref="Experiments.SearchLoop.Seed"/>). Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The fidelity to evaluate at (e.g. epochs) when a multi-fidelity scheduler asked for one (the <c>"fidelity"</c>
    /// of the proposal's record); null for the evaluator's own full fidelity. Default: null.
    /// </summary>
    public double? Fidelity { get; init; }

    /// <summary>
    /// Receives each point of the learning curve as it is measured, so the search's stopping rule can stop the trial
    /// early (it then cancels the evaluation's token; the trial is recorded as stopped, not pending). Null when no
    /// one listens. Default: null.
    /// </summary>
    public Action<CurvePoint>? ReportPoint { get; init; }
}
