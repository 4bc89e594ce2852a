using System.Globalization;
using System.Text;
using Nao.Dashboard.Charts;
using Nao.Dashboard.Security;
using Nao.Experiments;
using Nao.Rendering;

namespace Nao.Dashboard.Pages;

/// <summary>A trial: its cell drawing (the SVG <c>nao show</c> draws), tokens, result, record, error, learning curve and log files.</summary>
public static class TrialPage
{
    /// <summary>How much of the end of each log file the page shows (the whole file is one link away).</summary>
    private const int TailBytes = 16 * 1024;

    /// <summary>The page, or null when the run has no such trial.</summary>
    public static string? Render(RunsFolder folder, RunView view, int index)
    {
        if (view.Trials.FirstOrDefault(t => t.Index == index) is not { } trial) return null;
        var html = new StringBuilder($"<p><a href=\"/run?id={Html.Query(view.Id)}\">← run {Html.Encode(view.Id)}</a></p>");
        html.Append(Html.Facts([
            ("status", trial.Status.ToString().ToLowerInvariant()), ("score", Html.Number(trial.Score)), ("round", trial.Round.ToString(CultureInfo.InvariantCulture)),
            ("architecture", trial.Genotype.Canonical), ("hash", trial.Genotype.Hash), ("tokens", string.Join(' ', trial.Tokens)),
            ("started (UTC)", trial.Started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("seconds", trial.Finished is { } f ? Html.Number((f - trial.Started).TotalSeconds) : "–"),
            .. trial.Metrics.Select(m => ($"metric {m.Key}", Html.Number(m.Value))),
            ("record", trial.Record.ToJsonString()),
        ]));
        if (trial.Error is { } error) html.Append($"<h2>Error</h2><pre class=\"error\">{Html.Encode(error)}</pre>");
        html.Append("<h2>Cells</h2>");
        // The drawing is Nao's own SVG (it escapes its captions); spaces without cells get the text drawing.
        html.Append(CellGraph.CanDraw(trial.Genotype)
            ? $"<div class=\"cells\">{SvgDrawing.Render(trial.Genotype, $"trial {trial.Index} ({view.Options.Space})")}</div>"
            : $"<pre>{Html.Encode(TextDrawing.Draw(trial.Genotype))}</pre>");
        if (trial.Curve.Count > 0)
        {
            html.Append("<h2>Learning curve</h2>").Append(new SvgChart($"Learning curve of trial {trial.Index}", "step", "score")
                .Add(new ChartSeries("score", [.. trial.Curve.Select(p => p.Step)], [.. trial.Curve.Select(p => p.Score)], Markers: true)).Render());
        }
        html.Append(Logs(folder, view, trial));
        return Html.Page($"Trial {trial.Index} of {view.Id}", html.ToString());
    }

    private static string Logs(RunsFolder folder, RunView view, Trial trial)
    {
        var relative = $"trials/{trial.Index.ToString("D5", CultureInfo.InvariantCulture)}";
        if (folder.Resolve(view.Path, relative) is not { } directory || !Directory.Exists(directory)) return "";
        var html = new StringBuilder("<h2>Files</h2>");
        foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            // A link out of the runs folder is listed by name only, never read.
            if (folder.File(view.Path, $"{relative}/{name}") is not { } real)
            {
                html.Append($"<h3>{Html.Encode(name)}</h3><p class=\"muted\">not shown: it leads outside the runs folder.</p>");
                continue;
            }
            html.Append($"<h3><a href=\"/file?run={Html.Query(view.Id)}&amp;path={Html.Query($"{relative}/{name}")}\">{Html.Encode(name)}</a></h3>");
            html.Append($"<pre class=\"log\">{Html.Encode(Tail(real))}</pre>");
        }
        return html.ToString();
    }

    private static string Tail(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var skip = Math.Max(0, stream.Length - TailBytes);
            stream.Seek(skip, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return (skip > 0 ? $"… (first {skip} bytes left out)\n" : "") + reader.ReadToEnd();
        }
        catch (IOException e)
        {
            return $"cannot be read: {e.Message}";
        }
    }
}
