using System.Globalization;
using System.Text;
using Nao.Dashboard.Pages;

namespace Nao.Dashboard.Charts;

/// <summary>
/// A small line and scatter chart rendered as inline SVG on the server: no script library on the page, nothing loaded
/// from elsewhere. Axes get "nice" ticks; every label is HTML-escaped, since series and axes are named after run data.
/// </summary>
public sealed class SvgChart(string title, string xLabel, string yLabel)
{
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
    private const int Left = 64, Right = 16, Top = 34, Bottom = 44;
    private readonly List<ChartSeries> _series = [];
    private readonly List<(string Label, double Y)> _references = [];

    /// <summary>Adds a series.</summary>
    public SvgChart Add(ChartSeries series)
    {
        _series.Add(series);
        return this;
    }

    /// <summary>Adds a dashed horizontal line (a table's optimum, chance level).</summary>
    public SvgChart AddReference(string label, double y)
    {
        _references.Add((label, y));
        return this;
    }

    /// <summary>The chart as an SVG element, or a short note when it has no finite point yet.</summary>
    public string Render(int width = 560, int height = 300)
    {
        var xs = _series.SelectMany(s => s.X.Where((_, i) => i < s.Y.Count && double.IsFinite(s.Y[i]))).Where(double.IsFinite).ToList();
        var ys = _series.SelectMany(s => s.Y.Concat(s.Lower ?? []).Concat(s.Upper ?? [])).Concat(_references.Select(r => r.Y)).Where(double.IsFinite).ToList();
        if (xs.Count == 0 || ys.Count == 0) return $"<figure class=\"chart empty\"><figcaption>{Html.Encode(title)}</figcaption><p>No data yet.</p></figure>";
        var (x0, x1) = Pad(xs.Min(), xs.Max());
        var (y0, y1) = Pad(ys.Min(), ys.Max());
        var xTicks = Ticks(x0, x1);
        var yTicks = Ticks(y0, y1);
        (x0, x1) = (Math.Min(x0, xTicks[0]), Math.Max(x1, xTicks[^1]));
        (y0, y1) = (Math.Min(y0, yTicks[0]), Math.Max(y1, yTicks[^1]));
        double Px(double x) => Left + (x - x0) / (x1 - x0) * (width - Left - Right);
        double Py(double y) => height - Bottom - (y - y0) / (y1 - y0) * (height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(F($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">"));
        svg.Append("<title>").Append(Html.Encode(title)).Append("</title>");
        svg.Append(F($"<text x=\"{Left}\" y=\"16\" class=\"title\">{Html.Encode(title)}</text>"));
        foreach (var t in yTicks)
        {
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Py(t):0.#}\" y2=\"{Py(t):0.#}\" class=\"grid\"/>"));
            svg.Append(F($"<text x=\"{Left - 4}\" y=\"{Py(t) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Html.Number(t)}</text>"));
        }
        foreach (var t in xTicks)
        {
            svg.Append(F($"<line x1=\"{Px(t):0.#}\" x2=\"{Px(t):0.#}\" y1=\"{Top}\" y2=\"{height - Bottom}\" class=\"grid\"/>"));
            svg.Append(F($"<text x=\"{Px(t):0.#}\" y=\"{height - Bottom + 14}\" text-anchor=\"middle\" class=\"tick\">{Html.Number(t)}</text>"));
        }
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{width - Left - Right}\" height=\"{height - Top - Bottom}\" class=\"frame\"/>"));
        svg.Append(F($"<text x=\"{(Left + width - Right) / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" class=\"axis\">{Html.Encode(xLabel)}</text>"));
        svg.Append(F($"<text transform=\"translate(14 {(Top + height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{Html.Encode(yLabel)}</text>"));
        foreach (var (label, y) in _references)
        {
            svg.Append(F($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{Py(y):0.#}\" y2=\"{Py(y):0.#}\" class=\"reference\"><title>{Html.Encode(label)}</title></line>"));
        }
        for (var s = 0; s < _series.Count; s++)
        {
            var series = _series[s];
            var color = Colors[s % Colors.Length];
            var n = Math.Min(series.X.Count, series.Y.Count);
            if (series.Lower is { } lower && series.Upper is { } upper)
            {
                var band = Enumerable.Range(0, Math.Min(n, Math.Min(lower.Count, upper.Count))).Where(i => double.IsFinite(lower[i]) && double.IsFinite(upper[i])).ToList();
                if (band.Count > 1)
                {
                    var points = band.Select(i => F($"{Px(series.X[i]):0.#},{Py(upper[i]):0.#}")).Concat(band.AsEnumerable().Reverse().Select(i => F($"{Px(series.X[i]):0.#},{Py(lower[i]):0.#}")));
                    svg.Append(F($"<polygon points=\"{string.Join(' ', points)}\" fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"none\"/>"));
                }
            }
            if (series.Line)
            {
                // NaN (no success yet, a failed point) breaks the line instead of joining across the gap.
                var run = new List<string>();
                for (var i = 0; i <= n; i++)
                {
                    if (i < n && double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]))
                    {
                        run.Add(F($"{Px(series.X[i]):0.#},{Py(series.Y[i]):0.#}"));
                        continue;
                    }
                    if (run.Count > 0) svg.Append(F($"<polyline points=\"{string.Join(' ', run)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\"/>"));
                    run.Clear();
                }
            }
            if (series.Markers)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!double.IsFinite(series.X[i]) || !double.IsFinite(series.Y[i])) continue;
                    svg.Append(F($"<circle cx=\"{Px(series.X[i]):0.#}\" cy=\"{Py(series.Y[i]):0.#}\" r=\"3\" fill=\"{color}\"><title>{Html.Encode(series.Label)}: {Html.Number(series.X[i])}, {Html.Number(series.Y[i])}</title></circle>"));
                }
            }
        }
        // The legend, top right inside the plot; long lists are cut (the table below names everything).
        var shown = _series.Take(8).Select(s => Cut(s.Label, 40)).ToList();
        // About 6 px per character at the legend's 10 px font.
        var legendWidth = Math.Min(width / 2, 20 + 6 * shown.Max(l => l.Length));
        for (var s = 0; s < shown.Count; s++)
        {
            var y = Top + 12 + 14 * s;
            svg.Append(F($"<rect x=\"{width - Right - legendWidth}\" y=\"{y - 8}\" width=\"10\" height=\"10\" fill=\"{Colors[s % Colors.Length]}\"/>"));
            svg.Append(F($"<text x=\"{width - Right - legendWidth + 14}\" y=\"{y + 1}\" class=\"legend\">{Html.Encode(shown[s])}</text>"));
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static (double, double) Pad(double min, double max)
    {
        if (max > min) return (min, max);
        var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.05 : 1;
        return (min - pad, max + pad);
    }

    /// <summary>About five round tick values covering [min, max] (steps of 1, 2 or 5 times a power of ten).</summary>
    internal static double[] Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t <= max + step * 1e-9; t += step) ticks.Add(Math.Round(t / step) * step);
        if (ticks[^1] < max) ticks.Add(ticks[^1] + step);
        return [.. ticks];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
