using Nao.Evaluation;

namespace Nao.Experiments.Stopping;

/// <summary>
/// Decides whether a running trial should stop early (NNI's assessors; the NAS survey's "performance estimation by
/// early termination"), from its partial learning curve and the curves of trials that finished before it was asked.
/// </summary>
/// <remarks>
/// Implementations must be pure functions of their arguments: the search loop gives every trial the finished curves
/// as they stood when the trial was asked (a set fixed by trial order, never by timing), so a resumed run makes the
/// same decisions as an uninterrupted one.
/// </remarks>
public interface IStoppingRule
{
    /// <summary>A short name for logs: <c>median</c>, <c>extrapolate</c>.</summary>
    string Name { get; }

    /// <summary>The decision for a trial whose curve so far is <paramref name="partial"/>; null to let it go on.</summary>
    /// <param name="partial">The running trial's curve, in the order measured (at least one point).</param>
    /// <param name="finished">The complete curves of the trials finished before this one was asked, in trial order.</param>
    StopDecision? Check(IReadOnlyList<CurvePoint> partial, IReadOnlyList<IReadOnlyList<CurvePoint>> finished);
}
