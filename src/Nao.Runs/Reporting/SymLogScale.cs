using System.Globalization;

namespace Nao.Reporting;

/// <summary>
/// A y axis that is logarithmic above <see cref="Linear"/> and linear below it: y ↦ log10(1 + y / Linear). Regret
/// spans four decades in one comparison (tens of points after one evaluation, thousandths after 200) and reaches 0
/// when a search finds the optimum, which a plain log axis cannot show.
/// </summary>
public sealed class SymLogScale(double linear)
{
    /// <summary>The value below which the axis is (nearly) linear; one decade of the log part above it.</summary>
    public double Linear { get; } = linear > 0 && double.IsFinite(linear) ? linear : throw new ArgumentOutOfRangeException(nameof(linear), "The linear range must be a positive number.");

    /// <summary>The plotted coordinate of a value (≥ 0).</summary>
    public double Forward(double value) => Math.Log10(1 + Math.Max(0, value) / Linear);

    /// <summary>The value at a plotted coordinate.</summary>
    public double Inverse(double coordinate) => (Math.Pow(10, coordinate) - 1) * Linear;

    /// <summary>
    /// The linear range for data: the decade of the smallest positive value, so every curve above 0 is on the log part,
    /// but at least a ten-thousandth of the largest (rounding noise should not stretch the axis).
    /// </summary>
    public static SymLogScale For(IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToList();
        if (positive.Count == 0) return new SymLogScale(1);
        var smallest = Math.Max(positive.Min(), positive.Max() * 1e-4);
        return new SymLogScale(Math.Pow(10, Math.Floor(Math.Log10(smallest))));
    }

    /// <summary>Labelled ticks at 0 and each decade from <see cref="Linear"/> up to the first at or above <paramref name="max"/>.</summary>
    public IReadOnlyList<(double Coordinate, string Label)> MajorTicks(double max)
    {
        var ticks = new List<(double, string)> { (0, "0") };
        for (var decade = Linear; ; decade *= 10)
        {
            ticks.Add((Forward(decade), decade.ToString("G3", CultureInfo.InvariantCulture)));
            if (decade >= max) break;
        }
        return ticks;
    }

    /// <summary>Unlabelled ticks at 2..9 times each decade below the last major tick.</summary>
    public IEnumerable<double> MinorTicks(double max)
    {
        for (var decade = Linear; decade < max; decade *= 10)
        {
            for (var k = 2; k <= 9; k++) yield return Forward(k * decade);
        }
    }
}
