using ScottPlot;

namespace Nao.Reporting;

/// <summary>A line chart written as PNG (ScottPlot, rendered headless): one or more series, optional ± bands.</summary>
public sealed class Chart(string title, string xLabel, string yLabel)
{
    private readonly List<(string Label, double[] X, double[] Y, double[]? Band, bool Markers)> _series = [];

    /// <summary>Adds a series; <paramref name="band"/> draws y ± band as a shaded area; NaN points are skipped.</summary>
    public Chart Add(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? band = null, bool markers = false)
    {
        var keep = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        _series.Add((label, [.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], band is null ? null : [.. keep.Select(i => double.IsFinite(band[i]) ? band[i] : 0)], markers));
        return this;
    }

    /// <summary>The y range shown, or null to fit every point. Default: null.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>Where the legend goes. Default: lower right.</summary>
    public Alignment LegendAlignment { get; init; } = Alignment.LowerRight;

    /// <summary>Renders to a PNG file.</summary>
    public void SavePng(string path, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < _series.Count; s++)
        {
            var (label, x, y, band, markers) = _series[s];
            if (x.Length == 0) continue;
            var color = palette.GetColor(s);
            if (band is not null)
            {
                var fill = plot.Add.FillY(x, [.. y.Zip(band, (v, b) => v - b)], [.. y.Zip(band, (v, b) => v + b)]);
                fill.FillStyle.Color = color.WithAlpha(0.2);
                fill.LineStyle.Width = 0;
            }
            var line = plot.Add.Scatter(x, y);
            line.Color = color;
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = markers ? 7 : 0;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (_series.Count > 1) plot.ShowLegend(LegendAlignment);
        if (YRange is { } range) plot.Axes.SetLimitsY(range.Min, range.Max);
        plot.SavePng(path, width, height);
    }
}
