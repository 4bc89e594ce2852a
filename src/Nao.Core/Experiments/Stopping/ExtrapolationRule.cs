using System.Globalization;
using Nao.Evaluation;

namespace Nao.Experiments.Stopping;

/// <summary>
/// Learning-curve extrapolation (after Domhan et al. 2015, with least squares in place of MCMC): fits the power-law,
/// exponential and logarithmic families to the partial curve, predicts the final score as the families' predictions
/// averaged with Akaike weights, and stops the trial when the probability that it beats the k-th best finished trial's
/// final score is below the threshold. The prediction's variance is the weighted residual variance plus the weighted
/// disagreement of the families, and the probability is that of a normal with that spread. The strategy is told the predicted score.
/// </summary>
public sealed class ExtrapolationRule : IStoppingRule
{
    private static readonly CurveFamily[] Families = [CurveFamily.PowerLaw, CurveFamily.Exponential, CurveFamily.Logarithmic];
    private readonly ExtrapolationOptions _options;

    /// <summary>Creates the rule.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public ExtrapolationRule(ExtrapolationOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "extrapolate";

    /// <inheritdoc />
    public StopDecision? Check(IReadOnlyList<CurvePoint> partial, IReadOnlyList<IReadOnlyList<CurvePoint>> finished)
    {
        var finals = finished.Where(c => c.Count > 0).Select(c => c[^1].Score).Where(double.IsFinite).OrderDescending().ToArray();
        if (finals.Length < _options.K || partial.Count < _options.MinPoints) return null;
        var finalStep = _options.FinalStep > 0 ? _options.FinalStep : finished.Where(c => c.Count > 0).Max(c => c[^1].Step);
        if (partial[^1].Step >= finalStep) return null;
        var (mean, sd) = Predict(partial, finalStep);
        if (!double.IsFinite(mean)) return null;
        var target = finals[_options.K - 1];
        var probability = sd > 0 ? 1 - NormalCdf((target - mean) / sd) : (mean > target ? 1 : 0);
        if (probability >= _options.Threshold) return null;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"extrapolation: predicted {mean:G6} ± {sd:G3} at step {finalStep:G6}, P(beat {target:G6}, the #{_options.K} finished) = {probability:G3} < {_options.Threshold:G3}");
        return new StopDecision(reason, mean, mean);
    }

    /// <summary>The predicted score at <paramref name="step"/> and its standard deviation; NaN when no family fits.</summary>
    public static (double Mean, double StandardDeviation) Predict(IReadOnlyList<CurvePoint> curve, double step)
    {
        var fits = Families.Select(f => CurveFit.Fit(f, curve)).OfType<CurveModel>()
            .Where(m => double.IsFinite(m.SumOfSquares) && double.IsFinite(m.Predict(step))).ToArray();
        if (fits.Length == 0) return (double.NaN, double.NaN);
        var predictions = fits.Select(m => m.Predict(step)).ToArray();
        // Akaike weights: a family that fits much worse than the best gets almost no say (Burnham & Anderson 2002).
        var aic = fits.Select(m => m.Points * Math.Log(m.SumOfSquares / m.Points + 1e-12) + 2 * m.Parameters).ToArray();
        var weights = aic.Select(a => Math.Exp(-(a - aic.Min()) / 2)).ToArray();
        var total = weights.Sum();
        var mean = predictions.Select((p, i) => weights[i] * p).Sum() / total;
        var disagreement = predictions.Select((p, i) => weights[i] * (p - mean) * (p - mean)).Sum() / total;
        var residual = fits.Select((m, i) => weights[i] * m.ResidualVariance).Sum() / total;
        return (mean, Math.Sqrt(disagreement + residual));
    }

    /// <summary>Φ(z) by the Abramowitz-Stegun 7.1.26 erf approximation (error below 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
