using ScottPlot;

namespace Nao.Reporting;

/// <summary>
/// A line chart written as PNG (ScottPlot, rendered headless): one or more series, optional ± bands, dashed reference
/// lines (an optimum, chance) and a note saying what the axis limits leave out. Sized and lettered for a paper: large
/// fonts, rendered at twice the nominal size.
/// </summary>
public sealed class Chart(string title, string xLabel, string yLabel)
{
    private readonly List<(string Label, double[] X, double[] Y, double[]? Band, bool Markers)> _series = [];
    private readonly List<(string Label, double Y)> _references = [];

    /// <summary>The title.</summary>
    public string Title => title;

    /// <summary>The x axis label: the quantity and its unit.</summary>
    public string XLabel => xLabel;

    /// <summary>The y axis label: the quantity and its unit.</summary>
    public string YLabel => yLabel;

    /// <summary>The dashed horizontal reference lines, with their legend labels.</summary>
    public IReadOnlyList<(string Label, double Y)> ReferenceLines => _references;

    /// <summary>Adds a series; <paramref name="band"/> draws y ± band as a shaded area; NaN points are skipped.</summary>
    public Chart Add(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? band = null, bool markers = false)
    {
        var keep = Enumerable.Range(0, Math.Min(x.Count, y.Count)).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        _series.Add((label, [.. keep.Select(i => x[i])], [.. keep.Select(i => y[i])], band is null ? null : [.. keep.Select(i => double.IsFinite(band[i]) ? band[i] : 0)], markers));
        return this;
    }

    /// <summary>Adds a dashed horizontal line at <paramref name="y"/>, named in the legend (e.g. the table's optimum).</summary>
    public Chart AddReferenceLine(string label, double y)
    {
        if (double.IsFinite(y)) _references.Add((label, y));
        return this;
    }

    /// <summary>The y range shown, or null to fit every point and reference line. Default: null.</summary>
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>A note in the plot's corner, e.g. which points the y range cuts off. Default: none.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the x axis shows whole numbers only (rounds). Default: false.</summary>
    public bool IntegerX { get; init; }

    /// <summary>Renders to a PNG file of twice the nominal size (for print).</summary>
    public void SavePng(string path, int width = 800, int height = 500) => Build().SavePng(path, 2 * width, 2 * height);

    /// <summary>The ScottPlot plot, for rendering and for tests that check what it shows.</summary>
    internal Plot Build()
    {
        var plot = new Plot { ScaleFactor = 2 };
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
        foreach (var (label, y) in _references)
        {
            var reference = plot.Add.HorizontalLine(y);
            reference.LegendText = label;
            reference.LinePattern = LinePattern.Dashed;
            reference.LineWidth = 1.5f;
            reference.Color = Colors.Black.WithAlpha(0.6);
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 17;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.FontSize = 15;
            axis.TickLabelStyle.FontSize = 13;
        }
        plot.Legend.FontSize = 13;
        if (IntegerX) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        // Below the data area, so that it never hides a point (inside, it covered the rounds chart's lowest round).
        if (_series.Count + _references.Count > 1) plot.ShowLegend(Edge.Bottom);
        if (Note is { Length: > 0 } note)
        {
            var annotation = plot.Add.Annotation(note, Alignment.UpperLeft);
            annotation.LabelFontSize = 12;
            annotation.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            annotation.LabelBorderColor = Colors.Gray;
            annotation.LabelShadowColor = Colors.Transparent;
        }
        if (YRange is { } range) plot.Axes.SetLimitsY(range.Min, range.Max);
        return plot;
    }
}
