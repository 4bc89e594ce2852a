using Nao.Evaluation;

namespace Nao.Experiments.Stopping;

/// <summary>Applies a rule to every prefix of a curve, as it would have been seen while the trial ran.</summary>
public static class StoppingPrefix
{
    /// <summary>
    /// The first prefix length at which the rule stops the trial, with the decision; null when it never does. A
    /// decision at the curve's last point is no stop (the trial is already done).
    /// </summary>
    public static (int Length, StopDecision Decision)? FirstStop(IStoppingRule rule, IReadOnlyList<CurvePoint> curve,
        IReadOnlyList<IReadOnlyList<CurvePoint>> finished, bool complete)
    {
        var last = complete ? curve.Count - 1 : curve.Count;
        for (var length = 1; length <= last; length++)
        {
            if (rule.Check([.. curve.Take(length)], finished) is { } decision) return (length, decision);
        }
        return null;
    }
}
