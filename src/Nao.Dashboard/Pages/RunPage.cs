using System.Globalization;
using System.Text;
using Nao.Dashboard.Charts;
using Nao.Experiments;
using Nao.Reporting;

namespace Nao.Dashboard.Pages;

/// <summary>
/// One run: its facts, the charts (best so far, NAO's real against predicted score and pairwise accuracy per round,
/// learning curves, a Pareto view of any two metrics, the supernet's training curve) and the sortable, filterable
/// table of trials. The part below the heading refreshes itself while the run is written.
/// </summary>
public static class RunPage
{
    /// <summary>How many of the latest trials' learning curves one chart draws.</summary>
    private const int CurveLimit = 20;

    /// <summary>The whole page; <paramref name="x"/> and <paramref name="y"/> pick the Pareto view's metrics.</summary>
    public static string Render(RunView view, string? x, string? y)
    {
        var live = $"/fragments/run?id={Html.Query(view.Id)}&x={Html.Query(x)}&y={Html.Query(y)}";
        var names = view.MetricNames;
        var picker = new StringBuilder($"<form class=\"pareto\" method=\"get\" action=\"/run\"><input type=\"hidden\" name=\"id\" value=\"{Html.Encode(view.Id)}\">Pareto view: ");
        picker.Append(Select("x", names, x ?? DefaultX(names))).Append(" against ").Append(Select("y", names, y ?? "score")).Append(" <button>show</button></form>");
        var body = $"{picker}<input class=\"filter\" data-filter=\"trials\" placeholder=\"filter trials (e.g. failed, round 3, an operation)\">" +
            $"<div data-live=\"{live}\">{Fragment(view, x, y)}</div>";
        return Html.Page($"Run {view.Id}", body);
    }

    private static string DefaultX(IReadOnlyList<string> names) => names.Count > 1 ? names[1] : "score";

    private static string Select(string name, IReadOnlyList<string> options, string selected) =>
        $"<select name=\"{name}\">" + string.Concat(options.Select(o => $"<option{(o == selected ? " selected" : "")} value=\"{Html.Encode(o)}\">{Html.Encode(o)}</option>")) + "</select>";

    /// <summary>The live part: facts, charts, trials.</summary>
    public static string Fragment(RunView view, string? x, string? y)
    {
        var o = view.Options;
        // data-final tells the page's script to stop polling once no process writes the run.
        var html = new StringBuilder(view.IsRunning ? "<div>" : "<div data-final=\"true\">");
        html.Append(Html.Facts([
            ("status", view.Status), ("strategy", o.Strategy), ("space", o.Space), ("evaluator", o.Evaluator), ("seed", o.Seed.ToString(CultureInfo.InvariantCulture)),
            ("progress", $"{view.Finished}/{o.Loop.Budget} evaluated, {view.Trials.Count(t => t.Status == TrialStatus.Failed)} failed, {view.Trials.Count(t => !t.IsFinished)} pending"),
            ("best", Html.Number(view.Best)), ("score", RunPlots.ScoreLabel(o)), ("started (UTC)", view.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("duration", Html.Duration(view.Duration)),
        ]));
        if (view.Error is { } error) html.Append($"<p class=\"error\">Stopped by: {Html.Encode(error)}</p>");
        foreach (var line in view.Damage) html.Append($"<p class=\"error\">{Html.Encode(line)}</p>");
        html.Append("<div class=\"charts\">");
        foreach (var chart in Charts(view, x, y)) html.Append(chart);
        html.Append("</div>");
        html.Append(TrialsTable(view));
        return html.Append("</div>").ToString();
    }

    private static IEnumerable<string> Charts(RunView view, string? x, string? y)
    {
        var o = view.Options;
        var label = RunPlots.ScoreLabel(o);
        var best = Curves.BestSoFar(view.Trials);
        yield return new SvgChart("Best so far", "evaluations", "best " + label)
            .Add(new ChartSeries("best so far", [.. Enumerable.Range(1, best.Length).Select(i => (double)i)], best))
            .Add(new ChartSeries("each trial", [.. Enumerable.Range(1, best.Length).Select(i => (double)i)], [.. view.Trials.Select(t => t.Status == TrialStatus.Ok ? t.Score : double.NaN)], Line: false, Markers: true))
            .Render();
        var rounds = view.Rounds;
        if (rounds.Any(r => r.Optimized > 0))
        {
            double[] round = [.. rounds.Select(r => (double)r.Round)];
            yield return new SvgChart("Real and predicted score per round (NAO Fig. 2b)", "round (0 = random pool)", "mean " + label)
                .Add(new ChartSeries("real", round, [.. rounds.Select(r => r.MeanScore)], Markers: true))
                .Add(new ChartSeries("predicted", round, [.. rounds.Select(r => r.MeanPredicted)], Markers: true))
                .Render();
            yield return new SvgChart("Pairwise accuracy per round", "round", "pairs ordered right")
                .Add(new ChartSeries("pairwise accuracy", round, [.. rounds.Select(r => r.PairwiseAccuracy)], Markers: true))
                .AddReference("chance (0.5)", 0.5)
                .Render();
        }
        var curved = view.Trials.Where(t => t.Curve.Count > 0).TakeLast(CurveLimit).ToList();
        if (curved.Count > 0)
        {
            var chart = new SvgChart($"Learning curves (latest {curved.Count} trials)", "step", "score");
            foreach (var t in curved) chart.Add(new ChartSeries($"#{t.Index}", [.. t.Curve.Select(p => p.Step)], [.. t.Curve.Select(p => p.Score)]));
            yield return chart.Render();
        }
        var names = view.MetricNames;
        if (names.Count > 1)
        {
            var mx = x is not null && names.Contains(x) ? x : DefaultX(names);
            var my = y is not null && names.Contains(y) ? y : "score";
            var ok = view.Trials.Where(t => t.Status == TrialStatus.Ok).ToList();
            var front = Pareto.Front(ok.Select(t => (RunView.Value(t, mx), RunView.Value(t, my))).ToList());
            yield return new SvgChart($"Pareto view: {my} against {mx}", mx, my)
                .Add(new ChartSeries("trials", [.. ok.Select(t => RunView.Value(t, mx))], [.. ok.Select(t => RunView.Value(t, my))], Line: false, Markers: true))
                .Add(new ChartSeries("front (both higher is better)", [.. front.Select(p => p.X)], [.. front.Select(p => p.Y)], Markers: true))
                .Render();
        }
        if (view.Supernet.Count > 0)
        {
            double[] epochs = [.. Enumerable.Range(1, view.Supernet.Count).Select(i => (double)i)];
            yield return new SvgChart("Supernet training loss", "epoch (all rounds)", "loss")
                .Add(new ChartSeries("loss", epochs, [.. view.Supernet.Select(e => e.Loss)], Markers: true)).Render();
            yield return new SvgChart("Supernet metric", "epoch (all rounds)", "metric")
                .Add(new ChartSeries("metric", epochs, [.. view.Supernet.Select(e => e.Metric)], Markers: true)).Render();
        }
    }

    private static string TrialsTable(RunView view)
    {
        var html = new StringBuilder("<table id=\"trials\" class=\"sortable\"><thead><tr><th>#</th><th>round</th><th>status</th><th>score</th><th>architecture</th><th>seconds</th><th>started (UTC)</th><th>metrics</th><th>record</th><th>error</th></tr></thead><tbody>");
        foreach (var t in view.Trials.Reverse())
        {
            var seconds = t.Finished is { } f ? (f - t.Started).TotalSeconds : double.NaN;
            var metrics = string.Join(", ", t.Metrics.Select(m => $"{m.Key}={Html.Number(m.Value)}"));
            html.Append($"<tr><td data-v=\"{t.Index}\"><a href=\"/trial?run={Html.Query(view.Id)}&amp;index={t.Index}\">{t.Index}</a></td><td data-v=\"{t.Round}\">{t.Round}</td>")
                .Append($"<td class=\"status-{t.Status.ToString().ToLowerInvariant()}\">{t.Status.ToString().ToLowerInvariant()}</td><td data-v=\"{Html.SortKey(t.Score)}\">{Html.Number(t.Score)}</td>")
                .Append($"<td class=\"arch\" title=\"{Html.Encode(t.Genotype.Canonical)}\">{Html.Encode(t.Genotype.Canonical)}</td><td data-v=\"{Html.SortKey(seconds)}\">{Html.Number(seconds)}</td>")
                .Append($"<td>{t.Started.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}</td><td>{Html.Encode(metrics)}</td>")
                .Append($"<td class=\"record\">{Html.Encode(Record(t))}</td><td class=\"error\">{Html.Encode(t.Error)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The strategy's record in one line (for NAO: origin, seed architecture, η, predicted before and after).</summary>
    private static string Record(Trial trial) =>
        string.Join(", ", trial.Record.Select(p => $"{p.Key}={(p.Value is { } v && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Html.Number(d) : p.Value?.ToString())}"));
}
