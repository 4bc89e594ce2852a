using System.Globalization;
using Nao.Evaluation;

namespace Nao.Experiments.Stopping;

/// <summary>
/// Median stopping: stops a trial whose best score up to step t is below the median, over the finished trials, of
/// their best score up to step t (Golovin et al. 2017). The strategy is told the trial's last score.
/// </summary>
public sealed class MedianStoppingRule : IStoppingRule
{
    private readonly MedianStoppingOptions _options;

    /// <summary>Creates the rule.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public MedianStoppingRule(MedianStoppingOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "median";

    /// <inheritdoc />
    public StopDecision? Check(IReadOnlyList<CurvePoint> partial, IReadOnlyList<IReadOnlyList<CurvePoint>> finished)
    {
        if (partial.Count < _options.GracePoints) return null;
        var step = partial[^1].Step;
        var best = partial.Max(p => p.Score);
        // Only curves measured at or before step t take part: a curve that starts later says nothing about step t.
        var references = finished
            .Select(c => c.Where(p => p.Step <= step).Select(p => p.Score).DefaultIfEmpty(double.NaN).Max())
            .Where(double.IsFinite).Order().ToArray();
        if (references.Length < _options.MinFinished) return null;
        var median = references.Length % 2 == 1
            ? references[references.Length / 2]
            : (references[references.Length / 2 - 1] + references[references.Length / 2]) / 2;
        if (best >= median) return null;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"median stopping: best {best:G6} up to step {step:G6} is below the median {median:G6} of {references.Length} finished trials");
        return new StopDecision(reason, partial[^1].Score, double.NaN);
    }
}
