namespace Nao.Dashboard.Charts;

/// <summary>
/// One series of a chart: points (NaN breaks the line), an optional band (<paramref name="Lower"/>..<paramref name="Upper"/>),
/// drawn as a line, as markers, or both.
/// </summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Line = true, bool Markers = false,
    IReadOnlyList<double>? Lower = null, IReadOnlyList<double>? Upper = null);
