using System.Collections.Immutable;

namespace Nao.Evaluation;

/// <summary>
/// The outcome of evaluating one architecture. (Named <c>EvaluationResult</c> rather than <c>Evaluation</c> because a
/// type named like its namespace <c>Nao.Evaluation</c> cannot be referred to by its simple name from other namespaces.)
/// </summary>
public sealed record EvaluationResult
{
    private static readonly ImmutableSortedDictionary<string, double> NoMetrics = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>Ok or failed. Default: <see cref="EvaluationStatus.Ok"/>.</summary>
    public EvaluationStatus Status { get; init; } = EvaluationStatus.Ok;

    /// <summary>The score the search maximizes (higher is better); NaN when failed. Default: NaN.</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>
    /// Named measurements recorded with the trial (e.g. <c>valid_accuracy</c>, <c>test_accuracy</c>, <c>parameters</c>,
    /// <c>train_seconds</c>). Default: empty.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = NoMetrics;

    /// <summary>
    /// The learning curve: intermediate scores the evaluator measured on the way (e.g. one per epoch), in the order
    /// measured; stored with the trial. Default: empty.
    /// </summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>What went wrong, for a failed evaluation; null when ok. Default: null.</summary>
    public string? Error { get; init; }

    /// <summary>True when the status is ok and the score is finite.</summary>
    public bool IsOk => Status == EvaluationStatus.Ok && double.IsFinite(Score);

    /// <summary>A successful evaluation.</summary>
    public static EvaluationResult Ok(double score, IReadOnlyDictionary<string, double>? metrics = null) =>
        new() { Status = EvaluationStatus.Ok, Score = score, Metrics = metrics ?? NoMetrics };

    /// <summary>A failed evaluation with its reason; metrics measured before the failure may be kept.</summary>
    public static EvaluationResult Failed(string error, IReadOnlyDictionary<string, double>? metrics = null) =>
        new() { Status = EvaluationStatus.Failed, Error = error, Metrics = metrics ?? NoMetrics };
}
