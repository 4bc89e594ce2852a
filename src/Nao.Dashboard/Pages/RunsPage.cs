using System.Text;
using Nao.Dashboard.Security;

namespace Nao.Dashboard.Pages;

/// <summary>The Runs page: every run under the folder with its status, progress, best score, start and duration.</summary>
public static class RunsPage
{
    /// <summary>The whole page (the table refreshes itself from <see cref="Table"/>).</summary>
    public static string Render(RunsFolder folder) =>
        Html.Page("Runs", $"<p class=\"muted\">{Html.Encode(folder.Root)}</p><input class=\"filter\" data-filter=\"runs\" placeholder=\"filter runs\">" +
            $"<div data-live=\"/fragments/runs\">{Table(folder)}</div>");

    /// <summary>The table of runs, and a link to compare each folder that holds several.</summary>
    public static string Table(RunsFolder folder)
    {
        var ids = folder.RunIds();
        if (ids.Count == 0) return "<p>No runs here yet. Start one with <code>nao search --run DIR</code> under this folder.</p>";
        var html = new StringBuilder("<table id=\"runs\" class=\"sortable\"><thead><tr><th>run</th><th>status</th><th>strategy</th><th>space</th><th>evaluator</th><th>seed</th><th>progress</th><th>best</th><th>started (UTC)</th><th>duration</th></tr></thead><tbody>");
        foreach (var id in ids)
        {
            var link = $"<a href=\"/run?id={Html.Query(id)}\">{Html.Encode(id)}</a>";
            RunView view;
            try
            {
                view = RunView.Load(id, folder.Run(id)!);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                html.Append($"<tr><td>{link}</td><td class=\"status-damaged\">unreadable</td><td colspan=\"8\">{Html.Encode(e.Message)}</td></tr>");
                continue;
            }
            var o = view.Options;
            html.Append($"<tr><td>{link}</td><td class=\"status-{Html.Encode(view.Status)}\">{Html.Encode(view.Status)}</td><td>{Html.Encode(o.Strategy)}</td><td>{Html.Encode(o.Space)}</td>")
                .Append($"<td>{Html.Encode(o.Evaluator)}</td><td data-v=\"{o.Seed}\">{o.Seed}</td>")
                .Append($"<td data-v=\"{view.Finished}\">{view.Finished}/{o.Loop.Budget}</td><td data-v=\"{Html.SortKey(view.Best)}\">{Html.Number(view.Best)}</td>")
                .Append($"<td>{view.Created:yyyy-MM-dd HH:mm:ss}</td><td data-v=\"{(long)view.Duration.TotalSeconds}\">{Html.Duration(view.Duration)}</td></tr>");
        }
        html.Append("</tbody></table>");
        var groups = ids.Where(id => id.Contains('/')).GroupBy(id => id[..id.LastIndexOf('/')]).Where(g => g.Count() > 1).ToList();
        if (groups.Count > 0)
        {
            html.Append("<p>Compare: ");
            html.AppendJoin(" · ", groups.Select(g => $"<a href=\"/compare?under={Html.Query(g.Key)}\">{Html.Encode(g.Key)} ({g.Count()} runs)</a>"));
            html.Append("</p>");
        }
        return html.ToString();
    }
}
