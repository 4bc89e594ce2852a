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
    /// <summary>The columns in table order, for SELECT lists.</summary>
    public const string Columns = "idx, round, architecture, hash, tokens, status, score, metrics, error, started, finished, seconds, record";

    /// <summary>The row a trial is written as.</summary>
    public static TrialRow From(Trial trial) => new(
        trial.Index, trial.Round, trial.Genotype.Canonical, trial.Genotype.Hash, string.Join(' ', trial.Tokens),
        trial.Status.ToString().ToLowerInvariant(), double.IsFinite(trial.Score) ? trial.Score : null,
        JsonSerializer.Serialize(trial.Metrics, RunJson.Compact), trial.Error, FormatTime(trial.Started),
        trial.Finished is { } f ? FormatTime(f) : null, trial.Finished is { } g ? (g - trial.Started).TotalSeconds : null,
        trial.Record.ToJsonString(RunJson.Compact));

    /// <summary>
    /// SHA-256 of every column, as a JSON array (unambiguous: no separator can be forged by a value). It catches a row
    /// edited by hand or damaged on disk; it is no signature: someone who recomputes it can forge a row.
    /// </summary>
    public string Checksum()
    {
        var canonical = new JsonArray(Index, Round, Architecture, Hash, Tokens, Status, Score, Metrics, Error, Started, Finished, Seconds, Record).ToJsonString();
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
