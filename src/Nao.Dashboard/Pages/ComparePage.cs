using System.Text;
using System.Text.Json;
using Nao.Dashboard.Charts;
using Nao.Dashboard.Security;
using Nao.Reporting;
using Nao.Search;
using Nao.Storage;

namespace Nao.Dashboard.Pages;

/// <summary>
/// Compare: pick runs, see their best-so-far curves on one plot. Runs whose options differ only in the seed are one
/// group, drawn as the mean over seeds with a band of ± one standard error.
/// </summary>
public static class ComparePage
{
    /// <summary>The page for the picked run ids (or every run under <paramref name="under"/>).</summary>
    public static string Render(RunsFolder folder, IReadOnlyList<string> picked, string? under)
    {
        var ids = folder.RunIds();
        var selected = new HashSet<string>(picked, StringComparer.Ordinal);
        if (under is not null) selected.UnionWith(ids.Where(id => id.StartsWith(under + "/", StringComparison.Ordinal)));
        var html = new StringBuilder("<form method=\"get\" action=\"/compare\" class=\"pick\">");
        foreach (var id in ids)
        {
            html.Append($"<label><input type=\"checkbox\" name=\"run\" value=\"{Html.Encode(id)}\"{(selected.Contains(id) ? " checked" : "")}> {Html.Encode(id)}</label>");
        }
        html.Append("<button>compare</button></form>");
        var views = new List<RunView>();
        foreach (var id in ids.Where(selected.Contains))
        {
            try
            {
                views.Add(RunView.Load(id, folder.Run(id)!));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                html.Append($"<p class=\"error\">{Html.Encode(e.Message)}</p>");
            }
        }
        if (views.Count == 0) return Html.Page("Compare", html.Append("<p>Pick runs above.</p>").ToString());
        var chart = new SvgChart("Best so far against evaluations (mean ± s.e. over seeds)", "evaluations", "best score");
        var table = new StringBuilder("<table id=\"groups\" class=\"sortable\"><thead><tr><th>group</th><th>runs</th><th>seeds</th><th>evaluations</th><th>final best (mean)</th><th>± s.e.</th></tr></thead><tbody>");
        foreach (var group in Groups(views))
        {
            var curves = group.Runs.Select(v => Curves.BestSoFar(v.Trials)).ToList();
            var length = curves.Max(c => c.Length);
            var mean = new double[length];
            var lower = new double[length];
            var upper = new double[length];
            for (var i = 0; i < length; i++)
            {
                var values = curves.Where(c => c.Length > i && double.IsFinite(c[i])).Select(c => c[i]).ToList();
                mean[i] = values.Count > 0 ? ComparisonReport.Mean(values) : double.NaN;
                var se = values.Count > 1 ? ComparisonReport.StandardError(values) : double.NaN;
                (lower[i], upper[i]) = (mean[i] - se, mean[i] + se);
            }
            double[] x = [.. Enumerable.Range(1, length).Select(i => (double)i)];
            chart.Add(group.Runs.Count > 1 ? new ChartSeries(group.Label, x, mean, Lower: lower, Upper: upper) : new ChartSeries(group.Label, x, mean));
            var finals = curves.Select(c => c.Length > 0 ? c[^1] : double.NaN).Where(double.IsFinite).ToList();
            var finalMean = finals.Count > 0 ? ComparisonReport.Mean(finals) : double.NaN;
            var finalSe = finals.Count > 1 ? ComparisonReport.StandardError(finals) : double.NaN;
            table.Append($"<tr><td>{Html.Encode(group.Label)}</td><td>{string.Join(", ", group.Runs.Select(v => $"<a href=\"/run?id={Html.Query(v.Id)}\">{Html.Encode(v.Id)}</a>"))}</td>")
                .Append($"<td>{Html.Encode(string.Join(", ", group.Runs.Select(v => v.Options.Seed)))}</td><td data-v=\"{length}\">{length}</td>")
                .Append($"<td data-v=\"{Html.SortKey(finalMean)}\">{Html.Number(finalMean)}</td><td>{Html.Number(finalSe)}</td></tr>");
        }
        html.Append(chart.Render(860, 420)).Append(table.Append("</tbody></table>"));
        return Html.Page("Compare", html.ToString());
    }

    /// <summary>
    /// The runs grouped by their options with the seeds left out (the search's seed and the noise seeds, which nao compare
    /// sets to the search's seed), in the order their first run appears.
    /// </summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<RunView> Runs)> Groups(IReadOnlyList<RunView> views)
    {
        var groups = views.GroupBy(v => JsonSerializer.Serialize(Unseeded(v.Options), RunJson.Compact)).ToList();
        var labels = groups.Select(g => g.First().Options).Select(o => $"{o.Strategy} / {o.Space} / {o.Evaluator}").ToList();
        // Groups that share strategy, space and evaluator but differ in another option are told apart by their first run.
        return [.. groups.Select((g, i) => (labels.Count(l => l == labels[i]) > 1 ? $"{labels[i]} ({g.First().Id})" : labels[i], (IReadOnlyList<RunView>)[.. g.OrderBy(v => v.Options.Seed)]))];
    }

    private static SearchOptions Unseeded(SearchOptions o) =>
        o with { Seed = 0, Benchmark = o.Benchmark with { NoiseSeed = 0 }, Table = o.Table with { NoiseSeed = 0 } };
}
