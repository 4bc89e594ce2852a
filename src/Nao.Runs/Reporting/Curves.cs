using Nao.Experiments;

namespace Nao.Reporting;

/// <summary>Best-so-far curves of searches.</summary>
public static class Curves
{
    /// <summary>
    /// The best score after each evaluation (entry i: after i+1 evaluations); NaN until the first success. With
    /// <paramref name="value"/>, the curve follows that value of the best-scoring trial (e.g. its noise-free metric).
    /// </summary>
    public static double[] BestSoFar(IReadOnlyList<Trial> trials, Func<Trial, double>? value = null)
    {
        var curve = new double[trials.Count];
        Trial? best = null;
        for (var i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.Status == TrialStatus.Ok && (best is null || t.Score > best.Score)) best = t;
            curve[i] = best is null ? double.NaN : value?.Invoke(best) ?? best.Score;
        }
        return curve;
    }
}
