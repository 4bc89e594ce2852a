using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nao.Evaluation.Command;

/// <summary>
/// What a trial command printed on stdout, read by the protocol of <see cref="CommandEvaluator"/>: result lines are
/// JSON objects with a <c>score</c>; the last one is the final result, earlier ones with a step or epoch form the curve.
/// </summary>
internal sealed record TrialOutput
{
    /// <summary>The final result's score; NaN when there is no valid final result.</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>The final result's other numeric fields.</summary>
    public ImmutableSortedDictionary<string, double> Metrics { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>The intermediate points, in printed order.</summary>
    public ImmutableArray<CurvePoint> Curve { get; init; } = [];

    /// <summary>False when no line looked like a result.</summary>
    public bool HasResult { get; init; }

    /// <summary>Why the last result line is not a valid result, with the line; null when it is valid or absent.</summary>
    public string? Malformed { get; init; }

    /// <summary>Reads a stdout log line by line (it may be large; only result lines are kept).</summary>
    public static TrialOutput Read(string path)
    {
        var curve = ImmutableArray.CreateBuilder<CurvePoint>();
        JsonObject? last = null;
        string? malformed = null;
        var lineNumber = 0;
        // The command may still be writing (a live read for the stopping rule): share the file with the writer.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            // A line is meant as a result when it is a JSON object that names a score; anything else is the script's own output.
            if (!text.StartsWith('{') || !text.Contains("\"score\"", StringComparison.Ordinal)) continue;
            if (last is not null && Step(last) is { } step)
            {
                curve.Add(new CurvePoint(step.Value, Number(last["score"])!.Value, NumericFields(last, "score", step.Key)));
            }
            var problem = Parse(text, out last);
            malformed = problem is null ? null : string.Create(CultureInfo.InvariantCulture, $"stdout line {lineNumber} {problem}: {Shorten(text, 300)}");
        }
        if (last is null)
        {
            return new TrialOutput { HasResult = malformed is not null, Malformed = malformed, Curve = curve.ToImmutable() };
        }
        return new TrialOutput { HasResult = true, Score = Number(last["score"])!.Value, Metrics = NumericFields(last, "score", null), Curve = curve.ToImmutable() };
    }

    /// <summary>Parses a result line; returns why it is not one, or null with the object.</summary>
    private static string? Parse(string text, out JsonObject? result)
    {
        result = null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return $"is not valid JSON ({e.Message})";
        }
        if (node is not JsonObject obj) return "is not a JSON object";
        var score = Number(obj["score"]);
        if (score is null) return "has a \"score\" that is not a number";
        if (!double.IsFinite(score.Value)) return "has a score too large for a double";
        result = obj;
        return null;
    }

    private static KeyValuePair<string, double>? Step(JsonObject result)
    {
        foreach (var key in (ReadOnlySpan<string>)["step", "epoch"])
        {
            if (Number(result[key]) is { } value && double.IsFinite(value)) return new(key, value);
        }
        return null;
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) ? number : null;

    private static ImmutableSortedDictionary<string, double> NumericFields(JsonObject result, string skip, string? skipToo)
    {
        var metrics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (key, node) in result)
        {
            if (key == skip || key == skipToo) continue;
            if (Number(node) is { } value && double.IsFinite(value)) metrics[key] = value;
        }
        return metrics.ToImmutable();
    }

    internal static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
