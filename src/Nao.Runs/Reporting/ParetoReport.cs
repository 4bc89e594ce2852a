using System.Globalization;
using System.Text;
using Nao.Experiments;
using Nao.Objectives;
using Nao.Search;
using ScottPlot;

namespace Nao.Reporting;

/// <summary>
/// The multi-objective part of a run's report: <c>pareto.png</c> (score against the cost, every trial, the feasible
/// region and the run's front highlighted) and the hypervolume after each round. The costs come from the trials'
/// stored metrics. The hypervolume is normalised by the run's own ranges, with the reference point at the worst score
/// and the largest cost among the run's trials (stated in the report); <c>nao compare</c> on a table measures against
/// the whole space instead.
/// </summary>
public static class ParetoReport
{
    /// <summary>The cost metric the report plots: the Pareto search's cost, else the first constraint's; null when neither.</summary>
    public static string? CostMetric(SearchOptions options) =>
        options.Objectives.CostObjectives.FirstOrDefault() ?? options.Objectives.Constraints.FirstOrDefault()?.Metric;

    /// <summary>Appends the section to <paramref name="md"/> and writes <c>pareto.png</c> into <paramref name="dir"/> when the run has costs.</summary>
    public static void Append(StringBuilder md, string dir, IReadOnlyList<Trial> trials, SearchOptions options, List<string> written)
    {
        if (CostMetric(options) is not { } metric) return;
        var points = trials.Where(t => t.Status == TrialStatus.Ok && t.Metrics.ContainsKey(metric)).Select(t => (Trial: t, Score: t.Score, Cost: t.Metrics[metric])).ToList();
        if (points.Count == 0) return;
        var objectives = options.Objectives;
        md.AppendLine("## Objectives and constraints");
        md.AppendLine();
        if (objectives.Constraints.Count > 0)
        {
            var rejected = trials.Sum(t => t.Record["rejected_before"]?.GetValue<int>() ?? 0);
            var nao = trials.Any(t => t.Record["rejected_infeasible"] is not null) ? ", and NAO's decoded candidates rejected per round are listed below" : "";
            md.AppendLine(CultureInfo.InvariantCulture, $"Constraints: {string.Join(", ", objectives.Constraints)}. Infeasible architectures are never evaluated: {rejected} were rejected before evaluation by their exact cost{nao}.");
            md.AppendLine();
        }
        IReadOnlyList<double>[] coordinates = [.. points.Select(p => (IReadOnlyList<double>)[p.Score, -p.Cost])];
        var front = Pareto.Front(coordinates).Select(i => points[i]).OrderBy(p => p.Cost).ToList();
        var (scoreMin, costMax) = (points.Min(p => p.Score), points.Max(p => p.Cost));
        var (scoreMax, costMin) = (points.Max(p => p.Score), points.Min(p => p.Cost));
        double Volume(IEnumerable<(double Score, double Cost)> set) => Pareto.Hypervolume2D(
            set.Select(p => ((p.Score - scoreMin) / Math.Max(scoreMax - scoreMin, double.Epsilon), (costMax - p.Cost) / Math.Max(costMax - costMin, double.Epsilon))), (0, 0));
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Front of the run (score against {metric}): {front.Count} architectures. Hypervolume in the run's normalised space (score and {metric} scaled to [0, 1] over the run's trials), reference point = the worst score ({scoreMin:0.####}) and the largest {metric} ({costMax:G6}) among them:");
        md.AppendLine();
        md.AppendLine("| round | trials so far | hypervolume | NAO candidates rejected as infeasible |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (var round in trials.Select(t => t.Round).Distinct().Order())
        {
            var upTo = points.Where(p => p.Trial.Round <= round).Select(p => (p.Score, p.Cost)).ToList();
            var rejected = trials.Where(t => t.Round == round).Select(t => t.Record["rejected_infeasible"]?.GetValue<int>()).FirstOrDefault(v => v is not null);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {round} | {upTo.Count} | {Volume(upTo):0.0000} | {(rejected is { } r ? r.ToString(CultureInfo.InvariantCulture) : "–")} |");
        }
        md.AppendLine();
        CostHeadStatistics.Append(md, CostHeadStatistics.From(trials, objectives.CostMetrics));
        var png = Path.Combine(dir, "pareto.png");
        Plot(points.Select(p => (p.Score, p.Cost)).ToList(), front.Select(p => (p.Score, p.Cost)).ToList(), objectives, metric, RunPlots.ScoreLabel(options)).SavePng(png, 1600, 1000);
        written.Add(png);
        md.AppendLine("![pareto front](pareto.png)");
        md.AppendLine();
    }

    /// <summary>Every trial (grey), the run's front (red, joined), the feasible region of the metric's constraints (green band).</summary>
    internal static Plot Plot(IReadOnlyList<(double Score, double Cost)> points, IReadOnlyList<(double Score, double Cost)> front, ObjectiveOptions objectives, string metric, string scoreLabel)
    {
        var plot = new Plot { ScaleFactor = 2 };
        var (low, high) = (points.Min(p => p.Cost), points.Max(p => p.Cost));
        var bounds = objectives.Constraints.Where(c => c.Metric == metric).ToList();
        if (bounds.Count > 0)
        {
            var from = bounds.Where(c => !c.IsUpper).Select(c => c.Bound).DefaultIfEmpty(Math.Min(low, 0)).Max();
            var to = bounds.Where(c => c.IsUpper).Select(c => c.Bound).DefaultIfEmpty(high).Min();
            var span = plot.Add.HorizontalSpan(from, to);
            span.FillStyle.Color = Colors.Green.WithAlpha(0.12);
            span.LegendText = "feasible region (" + string.Join(", ", bounds) + ")";
        }
        var all = plot.Add.ScatterPoints(points.Select(p => p.Cost).ToArray(), points.Select(p => p.Score).ToArray());
        all.Color = Colors.Gray.WithAlpha(0.6);
        all.MarkerSize = 6;
        all.LegendText = "every evaluated trial";
        var line = plot.Add.Scatter(front.Select(p => p.Cost).ToArray(), front.Select(p => p.Score).ToArray());
        line.Color = Colors.Red;
        line.LineWidth = 2;
        line.MarkerSize = 9;
        line.LegendText = "Pareto front of the run";
        plot.Title($"Score against {metric}: every trial, the front and the feasible region");
        plot.XLabel(metric == "params" ? "parameters (count)" : metric == "flops" ? "multiply-adds (count)" : metric);
        plot.YLabel(scoreLabel);
        plot.Axes.Title.Label.FontSize = 17;
        plot.Legend.FontSize = 13;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
