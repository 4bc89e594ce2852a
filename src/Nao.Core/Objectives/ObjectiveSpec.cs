namespace Nao.Objectives;

/// <summary>One objective of a Pareto search: a metric and its direction, e.g. <c>accuracy:max</c> or <c>flops:min</c>.</summary>
/// <param name="Metric">The metric; <see cref="Score"/> names the trial's score (the evaluator's accuracy).</param>
/// <param name="Maximize">True for <c>:max</c>, false for <c>:min</c>.</param>
public sealed record ObjectiveSpec(string Metric, bool Maximize)
{
    /// <summary>The name that stands for the trial's score.</summary>
    public const string Score = "accuracy";

    /// <summary>Whether this objective is the trial's score rather than a stored metric.</summary>
    public bool IsScore => string.Equals(Metric, Score, StringComparison.OrdinalIgnoreCase) || string.Equals(Metric, "score", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text form <see cref="Parse"/> reads back.</summary>
    public override string ToString() => $"{Metric}:{(Maximize ? "max" : "min")}";

    /// <summary>Parses <c>METRIC:max</c> or <c>METRIC:min</c>.</summary>
    /// <exception cref="FormatException">Malformed; the message shows the form.</exception>
    public static ObjectiveSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[0].Trim().Length == 0)
        {
            throw new FormatException($"--objective '{text}' is not METRIC:max or METRIC:min; for example --objective accuracy:max --objective flops:min.");
        }
        return parts[1].Trim().ToLowerInvariant() switch
        {
            "max" => new ObjectiveSpec(parts[0].Trim(), true),
            "min" => new ObjectiveSpec(parts[0].Trim(), false),
            _ => throw new FormatException($"--objective '{text}': the direction must be max or min, not '{parts[1].Trim()}'."),
        };
    }
}
