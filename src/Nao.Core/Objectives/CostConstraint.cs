using System.Globalization;
using System.Text.RegularExpressions;

namespace Nao.Objectives;

/// <summary>
/// An upper or lower bound on a metric, e.g. <c>params&lt;=0.8M</c> or <c>flops&lt;=120M</c>: an architecture that breaks
/// it is infeasible. Units: <c>k</c> (10³), <c>M</c> (10⁶), <c>G</c> (10⁹), <c>ms</c> (milliseconds, kept as is).
/// </summary>
/// <param name="Metric">The metric's name, as trials store it.</param>
/// <param name="Bound">The bound, in the metric's own unit (a count, or milliseconds).</param>
/// <param name="IsUpper">True for <c>&lt;=</c>, false for <c>&gt;=</c>.</param>
public sealed partial record CostConstraint(string Metric, double Bound, bool IsUpper = true)
{
    /// <summary>Whether a value satisfies the bound.</summary>
    public bool IsSatisfiedBy(double value) => IsUpper ? value <= Bound : value >= Bound;

    /// <summary>How far a value is past the bound (0 when satisfied), in the metric's unit.</summary>
    public double Violation(double value) => IsSatisfiedBy(value) ? 0 : Math.Abs(value - Bound);

    /// <summary>The text form <see cref="Parse"/> reads back.</summary>
    public override string ToString() => $"{Metric}{(IsUpper ? "<=" : ">=")}{Bound.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>METRIC&lt;=VALUE[UNIT]</c> or <c>METRIC&gt;=VALUE[UNIT]</c>.</summary>
    /// <exception cref="FormatException">Malformed; the message shows the form and an example.</exception>
    public static CostConstraint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Form().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"--constraint '{text}' is not METRIC<=VALUE or METRIC>=VALUE with an optional unit k, M, G or ms; for example --constraint params<=0.8M.");
        }
        if (!double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException($"--constraint '{text}': '{match.Groups["value"].Value}' is not a number; write it like 0.8 or 120.");
        }
        var unit = match.Groups["unit"].Value;
        var scale = unit switch
        {
            "" or "ms" => 1.0,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            _ => throw new FormatException($"--constraint '{text}': unknown unit '{unit}'; use k, M, G or ms (M is mega; there is no milli for counts)."),
        };
        return new CostConstraint(match.Groups["metric"].Value, value * scale, match.Groups["op"].Value == "<=");
    }

    [GeneratedRegex(@"^(?<metric>[A-Za-z_][A-Za-z0-9_\-]*)\s*(?<op><=|>=)\s*(?<value>[-+0-9.eE]+)\s*(?<unit>[A-Za-z]*)$")]
    private static partial Regex Form();
}
