using System.Collections.Immutable;

namespace Nao.Evaluation;

/// <summary>
/// One intermediate measurement of a training run (a point of its learning curve): the step or epoch it was taken
/// at, the score then, and any other numbers reported with it.
/// </summary>
/// <param name="Step">The epoch or step the point was measured at (as the evaluator counts them).</param>
/// <param name="Score">The score at that point (higher is better, like <see cref="EvaluationResult.Score"/>).</param>
/// <param name="Metrics">Other named measurements of that point; empty when none.</param>
public sealed record CurvePoint(double Step, double Score, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>A point without metrics.</summary>
    public CurvePoint(double step, double score) : this(step, score, ImmutableSortedDictionary<string, double>.Empty)
    {
    }
}
