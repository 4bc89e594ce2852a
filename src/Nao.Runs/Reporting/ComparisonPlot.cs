using System.Globalization;
using Nao.Experiments;
using ScottPlot;

namespace Nao.Reporting;

/// <summary>
/// <c>compare.png</c>, made to go into a paper: per strategy the mean over seeds of the regret (or of the best value
/// without an optimum) after each evaluation, with a semi-transparent band of ± one standard error, on an axis that
/// holds every curve and band from the first evaluation on. Regret uses a symmetric log axis (<see cref="SymLogScale"/>),
/// so the early tens of points and the final thousandths are both readable and a regret of 0 is drawn. Strategies
/// differ in colour, line pattern and marker, so a curve that lies on another (NAO and random search share their
/// initial random pool) still shows, also in black and white.
/// </summary>
public sealed class ComparisonPlot
{
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    /// <summary>Builds the curves; <paramref name="optimum"/> (the table's best) gives regret, <paramref name="metric"/> names the value.</summary>
    public ComparisonPlot(IReadOnlyList<ComparisonRun> runs, double? optimum, string? metric)
    {
        var regret = optimum is not null;
        Curves = [.. runs.Select(r => r.Strategy).Distinct().Select(s => Curve(s, [.. runs.Where(r => r.Strategy == s).Select(r => r.BestSoFar)], optimum))];
        var values = Curves.SelectMany(c => c.Lower.Concat(c.Mean).Concat(c.Upper)).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        YLimits = (values.Min(), values.Max());
        Scale = regret ? SymLogScale.For(values) : null;
        var described = MetricLabel.Describe(metric);
        var seeds = Curves.Select(c => c.Seeds).Distinct().ToList();
        var seedText = seeds.Count == 1 ? $"{seeds[0]} seeds" : $"{seeds.Min()}-{seeds.Max()} seeds";
        YLabel = regret ? $"regret ({described})" : $"best so far ({described})";
        Title = regret ? $"Regret against evaluations, mean ± standard error over {seedText}" : $"Best so far against evaluations, mean ± standard error over {seedText}";
        Caption = regret
            ? string.Create(CultureInfo.InvariantCulture,
                $"Regret: the table's best value ({optimum:0.###}) minus the value of the best-scoring architecture found so far ({described}). Lines: mean over {seedText}; bands: ± one standard error (cut at 0). Symmetric log axis, linear below {Scale!.Linear:G3}.")
            : $"The value ({described}) of the best-scoring architecture found so far. Lines: mean over {seedText}; bands: ± one standard error.";
        Caption += string.Concat(Coincidences().Select(c => $" {c}."));
    }

    /// <summary>
    /// "nao and random coincide for the first 60 evaluations": strategies whose means agree over a start of at least
    /// 10 evaluations (NAO and random search draw the same seeded initial pool), so a reader knows why a line is hidden.
    /// Strategies linked by agreements of one length are named together, longest agreement first.
    /// </summary>
    private IEnumerable<string> Coincidences()
    {
        var pairs = new List<(int A, int B, int Length)>();
        for (var a = 0; a < Curves.Count; a++)
        {
            for (var b = a + 1; b < Curves.Count; b++)
            {
                var (x, y) = (Curves[a].Mean, Curves[b].Mean);
                var same = Enumerable.Range(0, Math.Min(x.Length, y.Length)).TakeWhile(i => x[i].Equals(y[i])).Count();
                if (same >= 10) pairs.Add((a, b, same));
            }
        }
        foreach (var group in pairs.GroupBy(p => p.Length).OrderByDescending(g => g.Key))
        {
            // The strategies joined by this length's pairs, one sentence per connected set.
            var sets = new List<SortedSet<int>>();
            foreach (var (a, b, _) in group)
            {
                var joined = sets.Where(set => set.Contains(a) || set.Contains(b)).ToList();
                var merged = new SortedSet<int>(joined.SelectMany(set => set).Append(a).Append(b));
                sets.RemoveAll(joined.Contains);
                sets.Add(merged);
            }
            foreach (var set in sets.OrderBy(set => set.Min))
            {
                var names = set.Select(i => Curves[i].Strategy).ToArray();
                yield return $"{string.Join(", ", names[..^1])} and {names[^1]} coincide for the first {group.Key} evaluations";
            }
        }
    }

    /// <summary>One curve per strategy, in the order the strategies first appear.</summary>
    public IReadOnlyList<ComparisonCurve> Curves { get; }

    /// <summary>The smallest and largest value of every curve and band, from the first evaluation on; the y axis shows both.</summary>
    public (double Min, double Max) YLimits { get; }

    /// <summary>The regret axis; null for best-so-far curves, which use a linear axis.</summary>
    public SymLogScale? Scale { get; }

    /// <summary>The x axis label.</summary>
    public string XLabel => "evaluations";

    /// <summary>The y axis label: what is plotted, of which metric, in which units.</summary>
    public string YLabel { get; }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>A caption that says what lines, bands and axis show, and which curves coincide (also under the plot).</summary>
    public string Caption { get; }

    /// <summary>Renders to a PNG file.</summary>
    public void SavePng(string path, int width = 900, int height = 600)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < Curves.Count; s++)
        {
            var curve = Curves[s];
            if (curve.Evaluations.Length == 0) continue;
            var color = palette.GetColor(s);
            var fill = plot.Add.FillY(curve.Evaluations, Y(curve.Lower), Y(curve.Upper));
            fill.FillStyle.Color = color.WithAlpha(0.18);
            fill.LineStyle.Width = 0;
        }
        // Lines over all bands, each with its own pattern, and sparse markers at staggered evaluations.
        for (var s = 0; s < Curves.Count; s++)
        {
            var curve = Curves[s];
            if (curve.Evaluations.Length == 0) continue;
            var (color, pattern, marker) = (palette.GetColor(s), Patterns[s % Patterns.Length], Markers[s % Markers.Length]);
            var line = plot.Add.Scatter(curve.Evaluations, Y(curve.Mean));
            line.Color = color;
            line.LineWidth = 2;
            line.LinePattern = pattern;
            line.MarkerSize = 0;
            var every = Math.Max(1, curve.Evaluations.Length / 8);
            var at = Enumerable.Range(0, curve.Evaluations.Length).Where(i => i % every == (s * every / Math.Max(1, Curves.Count) + every / 2) % every).ToArray();
            var dots = plot.Add.ScatterPoints(at.Select(i => curve.Evaluations[i]).ToArray(), at.Select(i => Y(curve.Mean)[i]).ToArray());
            dots.Color = color;
            dots.MarkerShape = marker;
            dots.MarkerSize = 8;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"{curve.Strategy} ({curve.Seeds} seeds)", LineColor = color, LineWidth = 2, LinePattern = pattern,
                MarkerShape = marker, MarkerSize = 8, MarkerColor = color,
            });
        }
        plot.Title(Title, size: 15);
        plot.XLabel(XLabel, size: 14);
        plot.YLabel(YLabel, size: 14);
        plot.ShowLegend(Scale is null ? Alignment.LowerRight : Alignment.UpperRight);
        var last = Curves.Select(c => c.Evaluations.Length).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(0, last + 1);
        if (Scale is { } scale)
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            foreach (var (coordinate, label) in scale.MajorTicks(YLimits.Max)) ticks.AddMajor(coordinate, label);
            foreach (var coordinate in scale.MinorTicks(YLimits.Max)) ticks.AddMinor(coordinate);
            plot.Axes.Left.TickGenerator = ticks;
            // Up to the labelled decade above the largest value when that costs little room, so the top is labelled.
            var top = scale.Forward(YLimits.Max) * 1.05;
            var decade = scale.MajorTicks(YLimits.Max)[^1].Coordinate;
            if (decade <= top * 1.15) top = Math.Max(top, decade * 1.02);
            plot.Axes.SetLimitsY(-0.02 * top, top);
        }
        else
        {
            var margin = Math.Max(1e-9, 0.05 * (YLimits.Max - YLimits.Min));
            plot.Axes.SetLimitsY(YLimits.Min - margin, YLimits.Max + margin);
        }
        // The caption goes under the x axis label (ScottPlot has no caption panel), in plain type like the axis labels.
        plot.Axes.Bottom.Label.Text = XLabel + "\n\n" + Wrap(Caption, 110);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.SavePng(path, width, height);
    }

    private double[] Y(double[] values) => Scale is { } s ? [.. values.Select(s.Forward)] : values;

    private static ComparisonCurve Curve(string strategy, List<IReadOnlyList<double>> curves, double? optimum)
    {
        var length = curves.Min(c => c.Count);
        var (mean, lower, upper) = (new double[length], new double[length], new double[length]);
        for (var i = 0; i < length; i++)
        {
            var values = curves.Select(c => optimum is { } o ? o - c[i] : c[i]).ToList();
            mean[i] = ComparisonReport.Mean(values);
            var se = ComparisonReport.StandardError(values);
            if (!double.IsFinite(se)) se = 0;
            // Regret is never negative: a band below 0 would only show that the normal approximation does not hold there.
            lower[i] = optimum is null ? mean[i] - se : Math.Max(0, mean[i] - se);
            upper[i] = mean[i] + se;
        }
        return new ComparisonCurve(strategy, curves.Count, [.. Enumerable.Range(1, length).Select(i => (double)i)], mean, lower, upper);
    }

    private static string Wrap(string text, int width)
    {
        var lines = new List<string> { "" };
        foreach (var word in text.Split(' '))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > width) lines.Add("");
            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }
        return string.Join("\n", lines);
    }
}
