using ScottPlot;
using Nao.Experiments;

namespace Nao.Reporting;

/// <summary>
/// Every trial's learning curve in one chart (<c>learning-curves.png</c>): trials that ran to the end as thin blue
/// lines, trials a stopping rule stopped in orange ending in a cross where they stopped, failed ones in grey.
/// </summary>
public static class LearningCurvePlot
{
    /// <summary>True when some trial has a curve to draw.</summary>
    public static bool HasCurves(IReadOnlyList<Trial> trials) => trials.Any(t => t.Curve.Count > 0);

    /// <summary>Writes the chart as PNG (1600×1000, as the other report figures).</summary>
    public static void SavePng(IReadOnlyList<Trial> trials, string scoreLabel, string path) =>
        Build(trials, scoreLabel).SavePng(path, 1600, 1000);

    /// <summary>The plot, for rendering and for tests.</summary>
    internal static Plot Build(IReadOnlyList<Trial> trials, string scoreLabel)
    {
        var plot = new Plot { ScaleFactor = 2 };
        var named = new HashSet<TrialStatus>();
        foreach (var trial in trials.Where(t => t.Curve.Count > 0))
        {
            var (color, name) = trial.Status switch
            {
                TrialStatus.Stopped => (Colors.DarkOrange, "stopped early"),
                TrialStatus.Failed => (Colors.Gray, "failed"),
                _ => (Colors.SteelBlue, "ran to the end"),
            };
            var x = trial.Curve.Select(p => p.Step).ToArray();
            var y = trial.Curve.Select(p => p.Score).ToArray();
            var line = plot.Add.Scatter(x, y);
            line.Color = color.WithAlpha(trial.Status == TrialStatus.Stopped ? 0.9 : 0.45);
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            // One legend entry per kind of trial, not one per trial.
            if (named.Add(trial.Status)) line.LegendText = name;
            if (trial.Status == TrialStatus.Stopped)
            {
                var end = plot.Add.Marker(x[^1], y[^1], MarkerShape.Cross, 9);
                end.Color = color;
            }
        }
        plot.Title("Learning curves of all trials");
        plot.XLabel("step (epoch)");
        plot.YLabel(scoreLabel);
        plot.Axes.Title.Label.FontSize = 17;
        plot.Legend.FontSize = 13;
        if (named.Count > 1) plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
