namespace Nao.Experiments.Stopping;

/// <summary>Which early-stopping rule a search uses, and its settings (<c>nao search --early-stop median|extrapolate</c>).</summary>
public sealed record EarlyStopOptions
{
    /// <summary>The rule names.</summary>
    public static readonly IReadOnlyList<string> Rules = ["none", "median", "extrapolate"];

    /// <summary><c>none</c>, <c>median</c> or <c>extrapolate</c>. Default: <c>none</c>.</summary>
    public string Rule { get; init; } = "none";

    /// <summary>Settings of median stopping. Default: see <see cref="MedianStoppingOptions"/>.</summary>
    public MedianStoppingOptions Median { get; init; } = new();

    /// <summary>Settings of learning-curve extrapolation. Default: see <see cref="ExtrapolationOptions"/>.</summary>
    public ExtrapolationOptions Extrapolation { get; init; } = new();

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!Rules.Contains(Rule)) throw new ArgumentException($"Unknown early-stopping rule '{Rule}'; use one of: {string.Join(", ", Rules)}.");
        Median.Validate();
        Extrapolation.Validate();
    }

    /// <summary>The rule, or null for <c>none</c>.</summary>
    public IStoppingRule? CreateRule() => Rule switch
    {
        "median" => new MedianStoppingRule(Median),
        "extrapolate" => new ExtrapolationRule(Extrapolation),
        _ => null,
    };
}
