using Nao.Evaluation;

namespace Nao.Experiments.Stopping;

/// <summary>
/// Least-squares fits of the <see cref="CurveFamily"/> families to a learning curve. For a fixed rate c the power law
/// and the exponential are linear in (a, b), so the fit is exact linear least squares inside a one-dimensional search
/// over c (a log grid, then golden-section refinement): no starting guess, no divergence.
/// </summary>
public static class CurveFit
{
    private const int GridSize = 60;

    /// <summary>The best fit of a family to the points with step &gt; 0, or null with fewer than 2 such points.</summary>
    public static CurveModel? Fit(CurveFamily family, IReadOnlyList<CurvePoint> curve)
    {
        var points = curve.Where(p => p.Step > 0 && double.IsFinite(p.Score)).ToArray();
        if (points.Length < 2) return null;
        var x = points.Select(p => p.Step).ToArray();
        var y = points.Select(p => p.Score).ToArray();
        if (family == CurveFamily.Logarithmic)
        {
            var (a, b, sse) = Linear(x.Select(v => Math.Log(v)).ToArray(), y);
            return new CurveModel(family, a, b, 0, sse, points.Length);
        }
        // The rate's plausible range: a power-law exponent of 0.01-10, an exponential that decays over 1/100 to 20 curve lengths... scaled to the steps.
        var (low, high) = family == CurveFamily.PowerLaw ? (0.01, 10.0) : (0.05 / x.Max(), 20.0 / x.Min());
        Func<double, double, double> basis = family == CurveFamily.PowerLaw ? (xi, c) => -Math.Pow(xi, -c) : (xi, c) => -Math.Exp(-c * xi);
        double Loss(double logC) => Linear(x.Select(xi => basis(xi, Math.Exp(logC))).ToArray(), y).Sse;
        var (lo, hi) = (Math.Log(low), Math.Log(high));
        var bestIndex = 0;
        var bestLoss = double.PositiveInfinity;
        for (var i = 0; i <= GridSize; i++)
        {
            var loss = Loss(lo + (hi - lo) * i / GridSize);
            if (loss < bestLoss) (bestIndex, bestLoss) = (i, loss);
        }
        var step = (hi - lo) / GridSize;
        var logRate = GoldenSection(Loss, lo + (bestIndex - 1) * step, lo + (bestIndex + 1) * step);
        var rate = Math.Exp(logRate);
        var fit = Linear(x.Select(xi => basis(xi, rate)).ToArray(), y);
        return new CurveModel(family, fit.A, fit.B, rate, fit.Sse, points.Length);
    }

    /// <summary>Least squares of y = a + b·u; a constant u gives b = 0.</summary>
    private static (double A, double B, double Sse) Linear(double[] u, double[] y)
    {
        var n = u.Length;
        var (mu, my) = (u.Average(), y.Average());
        double suu = 0, suy = 0;
        for (var i = 0; i < n; i++)
        {
            suu += (u[i] - mu) * (u[i] - mu);
            suy += (u[i] - mu) * (y[i] - my);
        }
        var b = suu > 1e-300 ? suy / suu : 0;
        var a = my - b * mu;
        double sse = 0;
        for (var i = 0; i < n; i++) sse += Math.Pow(y[i] - a - b * u[i], 2);
        return (a, b, double.IsFinite(sse) ? sse : double.PositiveInfinity);
    }

    private static double GoldenSection(Func<double, double> f, double a, double b)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = f(c), fd = f(d);
        for (var i = 0; i < 80 && b - a > 1e-10; i++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - ratio * (b - a);
                fc = f(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + ratio * (b - a);
                fd = f(d);
            }
        }
        return (a + b) / 2;
    }
}
