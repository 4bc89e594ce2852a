using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Experiments;

namespace Nao.Storage;

/// <summary>
/// A trial as the <c>trials</c> table stores it, column by column. Its checksum is computed from these stored values
/// (not from the parsed trial), so writer and reader hash exactly the same thing.
/// </summary>
internal sealed record TrialRow(
    long Index, long Round, string Architecture, string Hash, string Tokens, string Status, double? Score, string Metrics,
    string? Error, string Started, string? Finished, double? Seconds, string Record)
{
    /// <summary>The trial's learning curve as the <c>trial_curves</c> table stores it. Default: empty.</summary>
    public IReadOnlyList<CurveRow> CurveRows { get; init; } = [];

    /// <summary>The columns in table order, for SELECT lists.</summary>
    public const string Columns = "idx, round, architecture, hash, tokens, status, score, metrics, error, started, finished, seconds, record";

    /// <summary>The row a trial is written as.</summary>
    public static TrialRow From(Trial trial) => new(
        trial.Index, trial.Round, trial.Genotype.Canonical, trial.Genotype.Hash, string.Join(' ', trial.Tokens),
        trial.Status.ToString().ToLowerInvariant(), double.IsFinite(trial.Score) ? trial.Score : null,
        JsonSerializer.Serialize(trial.Metrics, RunJson.Compact), trial.Error, FormatTime(trial.Started),
        trial.Finished is { } f ? FormatTime(f) : null, trial.Finished is { } g ? (g - trial.Started).TotalSeconds : null,
        trial.Record.ToJsonString(RunJson.Compact))
    {
        // A point without a finite step has no place on the curve's axis; it is not stored.
        CurveRows = [.. trial.Curve.Where(p => double.IsFinite(p.Step)).Select(p => new CurveRow(p.Step, double.IsFinite(p.Score) ? p.Score : null, JsonSerializer.Serialize(p.Metrics, RunJson.Compact)))],
    };

    /// <summary>
    /// SHA-256 of every column, as a JSON array (unambiguous: no separator can be forged by a value). It catches a row
    /// edited by hand or damaged on disk; it is no signature: someone who recomputes it can forge a row. A learning curve,
    /// when there is one, is hashed after the columns; a trial without one hashes as before curves existed, so the
    /// checksums of older runs still match.
    /// </summary>
    public string Checksum()
    {
        var columns = new JsonArray(Index, Round, Architecture, Hash, Tokens, Status, Score, Metrics, Error, Started, Finished, Seconds, Record);
        if (CurveRows.Count > 0)
        {
            columns.Add(new JsonArray([.. CurveRows.Select(p => (JsonNode)new JsonArray(double.IsFinite(p.Step) ? p.Step : null, p.Score is { } v && double.IsFinite(v) ? v : null, p.Metrics))]));
        }
        var canonical = columns.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The SQL parameters of the row and its checksum.</summary>
    public (string Name, object? Value)[] Parameters() =>
    [
        ("$idx", Index), ("$round", Round), ("$arch", Architecture), ("$hash", Hash), ("$tokens", Tokens), ("$status", Status),
        ("$score", Score), ("$metrics", Metrics), ("$error", Error), ("$started", Started), ("$finished", Finished),
        ("$seconds", Seconds), ("$record", Record), ("$checksum", Checksum()),
    ];

    public static string FormatTime(DateTime time) => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
}

/// <summary>A point of a trial's learning curve as the <c>trial_curves</c> table stores it.</summary>
internal sealed record CurveRow(double Step, double? Score, string Metrics);
