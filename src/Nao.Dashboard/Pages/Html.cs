using System.Globalization;
using System.Net;
using System.Text;

namespace Nao.Dashboard.Pages;

/// <summary>HTML building blocks. Every value that comes from a run passes through <see cref="Encode"/>.</summary>
public static class Html
{
    /// <summary>The text, HTML-escaped (also quotes, so it is safe inside attribute values).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A query-string value, escaped for a URL and then for HTML.</summary>
    public static string Query(string? value) => Encode(Uri.EscapeDataString(value ?? ""));

    /// <summary>A number as a table shows it: four significant digits, "–" when missing.</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString(Math.Abs(value) >= 1e5 || (value != 0 && Math.Abs(value) < 1e-3) ? "G4" : "0.####", CultureInfo.InvariantCulture) : "–";

    /// <summary>A sort key for a table cell (numbers sort as numbers; missing ones last).</summary>
    public static string SortKey(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>A whole page: navigation, the body, and the script that keeps <c>data-live</c> regions current.</summary>
    public static string Page(string title, string body)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>").Append(Encode(title)).Append(" · nao</title><link rel=\"stylesheet\" href=\"/static/dashboard.css\"></head><body>");
        html.Append("<nav><a href=\"/\">Runs</a><a href=\"/compare\">Compare</a><span class=\"brand\">nao serve</span></nav><main>");
        html.Append("<h1>").Append(Encode(title)).Append("</h1>").Append(body);
        html.Append("</main><script src=\"/static/dashboard.js\"></script></body></html>");
        return html.ToString();
    }

    /// <summary>A definition list of label/value pairs (values are escaped here).</summary>
    public static string Facts(IEnumerable<(string Label, string Value)> facts)
    {
        var html = new StringBuilder("<dl class=\"facts\">");
        foreach (var (label, value) in facts) html.Append("<dt>").Append(Encode(label)).Append("</dt><dd>").Append(Encode(value)).Append("</dd>");
        return html.Append("</dl>").ToString();
    }

    /// <summary>A duration as "1 h 02 min", "3 min 04 s" or "5.2 s".</summary>
    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");
}
