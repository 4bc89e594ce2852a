namespace Nao.Experiments.Stopping;

/// <summary>A fitted learning curve: the family, its parameters and how well it fits.</summary>
/// <param name="Family">The family.</param>
/// <param name="A">The asymptote (power law, exponential) or the intercept (logarithmic).</param>
/// <param name="B">The scale.</param>
/// <param name="C">The rate (power law, exponential); 0 for the logarithmic family.</param>
/// <param name="SumOfSquares">The sum of squared residuals on the fitted points.</param>
/// <param name="Points">How many points were fitted.</param>
public sealed record CurveModel(CurveFamily Family, double A, double B, double C, double SumOfSquares, int Points)
{
    /// <summary>Free parameters of the family.</summary>
    public int Parameters => Family == CurveFamily.Logarithmic ? 2 : 3;

    /// <summary>The curve's value at step <paramref name="x"/> (x &gt; 0).</summary>
    public double Predict(double x) => Family switch
    {
        CurveFamily.PowerLaw => A - B * Math.Pow(x, -C),
        CurveFamily.Exponential => A - B * Math.Exp(-C * x),
        _ => A + B * Math.Log(x),
    };

    /// <summary>The residual variance, with at least one degree of freedom so a curve with as many points as parameters still has one.</summary>
    public double ResidualVariance => SumOfSquares / Math.Max(1, Points - Parameters);
}
