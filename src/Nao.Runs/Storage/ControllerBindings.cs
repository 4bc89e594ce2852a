using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nao.Strategies;

namespace Nao.Storage;

/// <summary>
/// The <c>controller_bindings</c> table of a run: for each round's controller checkpoint, the fit it came from (seed and
/// training-data digest of its <see cref="FitBinding"/>), a digest of the controller settings, and the size and SHA-256
/// of the file as saved. A checkpoint is loaded only when all of them still hold, so a file copied from another round or
/// run, damaged or truncated, or fitted on other trials is refitted instead of silently changing the search.
/// </summary>
/// <remarks>
/// A table of its own rather than columns of <c>checkpoints</c>: runs made before it existed simply lack rows, and it is
/// created on first use, so opening and migrating a run folder need not know about it.
/// </remarks>
internal static class ControllerBindings
{
    private const string Table = """
        CREATE TABLE IF NOT EXISTS controller_bindings (
            round INTEGER PRIMARY KEY, seed INTEGER NOT NULL, data TEXT NOT NULL, controller TEXT NOT NULL,
            bytes INTEGER NOT NULL, sha256 TEXT NOT NULL);
        """;

    // The cost heads' sidecar (controller-round-N.bin.costs) in a table of its own, so rows of runs made before it
    // existed keep meaning what they meant; a round without a row had no sidecar bound.
    private const string CostsTable = """
        CREATE TABLE IF NOT EXISTS controller_cost_bindings (round INTEGER PRIMARY KEY, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL);
        """;

    /// <summary>The cost heads' file the controller writes beside its checkpoint (see NaoController's SaveCostHeads).</summary>
    public static string CostsSidecar(string path) => path + ".costs";

    private sealed record Stored(int Seed, string Data, string Controller, long Bytes, string Sha256);

    /// <summary>A digest of the controller settings a run fits with, so a checkpoint fitted with others is not loaded.</summary>
    public static string SettingsDigest(JsonObject? controller) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(controller?.ToJsonString(RunJson.Compact) ?? "")));

    /// <summary>Records what the file just saved at <paramref name="path"/> was fitted on (call inside the checkpoint's transaction).</summary>
    public static void Record(SqliteConnection connection, FitBinding binding, string controllerDigest, string path)
    {
        var bytes = File.ReadAllBytes(path);
        Execute(connection, Table);
        Execute(connection, """
            INSERT OR REPLACE INTO controller_bindings (round, seed, data, controller, bytes, sha256)
            VALUES ($round, $seed, $data, $controller, $bytes, $sha256)
            """,
            ("$round", binding.Round), ("$seed", binding.Seed), ("$data", binding.Data), ("$controller", controllerDigest),
            ("$bytes", bytes.LongLength), ("$sha256", Convert.ToHexStringLower(SHA256.HashData(bytes))));
        Execute(connection, CostsTable);
        var sidecar = CostsSidecar(path);
        if (File.Exists(sidecar))
        {
            var costs = File.ReadAllBytes(sidecar);
            Execute(connection, "INSERT OR REPLACE INTO controller_cost_bindings (round, bytes, sha256) VALUES ($round, $bytes, $sha256)",
                ("$round", binding.Round), ("$bytes", costs.LongLength), ("$sha256", Convert.ToHexStringLower(SHA256.HashData(costs))));
        }
        else
        {
            Execute(connection, "DELETE FROM controller_cost_bindings WHERE round = $round", ("$round", binding.Round));
        }
    }

    /// <summary>
    /// Why the file at <paramref name="path"/> cannot stand in for the fit <paramref name="binding"/> describes, as the
    /// end of a sentence that starts with the file's name; null when it can (then loading it gives that fit's state).
    /// </summary>
    public static string? Problem(SqliteConnection connection, FitBinding binding, string controllerDigest, string path)
    {
        if (!File.Exists(path)) return "is listed in the run but missing";
        Execute(connection, Table);
        var all = ReadAll(connection);
        if (!all.TryGetValue(binding.Round, out var stored))
        {
            return "was saved by an older Nao that did not record which trials it was fitted on";
        }
        var bytes = File.ReadAllBytes(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha256 != stored.Sha256)
        {
            var other = all.Where(r => r.Value.Sha256 == sha256).Select(r => (int?)r.Key).FirstOrDefault();
            return other is { } round
                ? string.Create(CultureInfo.InvariantCulture, $"holds the controller of round {round}, not of round {binding.Round} (a copy of round {round}'s checkpoint)")
                : bytes.LongLength < stored.Bytes
                    ? string.Create(CultureInfo.InvariantCulture, $"is truncated: it has {bytes.LongLength} of the {stored.Bytes} bytes saved after round {binding.Round}'s fit")
                    : $"is damaged or replaced: its SHA-256 differs from that of the file saved after round {binding.Round}'s fit";
        }
        if (CostsProblem(connection, binding.Round, path) is { } costsProblem) return costsProblem;
        if (stored.Controller != controllerDigest) return "was fitted with other controller settings than the run's";
        if (stored.Seed != binding.Seed || stored.Data != binding.Data)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"was fitted on other trials or another seed than the replay of round {binding.Round} gives (the stored trials changed)");
        }
        return null;
    }

    /// <summary>Why the cost heads' sidecar saved with round <paramref name="round"/>'s checkpoint no longer matches it; null when it does or none was saved.</summary>
    private static string? CostsProblem(SqliteConnection connection, int round, string path)
    {
        Execute(connection, CostsTable);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT bytes, sha256 FROM controller_cost_bindings WHERE round = $round";
        command.Parameters.AddWithValue("$round", round);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var (storedBytes, storedSha) = (reader.GetInt64(0), reader.GetString(1));
        var sidecar = CostsSidecar(path);
        var name = Path.GetFileName(sidecar);
        if (!File.Exists(sidecar)) return $"lost its cost heads: {name}, saved with it after round {round}'s fit, is missing";
        var bytes = File.ReadAllBytes(sidecar);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) == storedSha) return null;
        return bytes.LongLength < storedBytes
            ? string.Create(CultureInfo.InvariantCulture, $"has truncated cost heads: {name} has {bytes.LongLength} of the {storedBytes} bytes saved after round {round}'s fit")
            : $"has damaged or replaced cost heads: the SHA-256 of {name} differs from that of the file saved after round {round}'s fit";
    }

    private static Dictionary<int, Stored> ReadAll(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT round, seed, data, controller, bytes, sha256 FROM controller_bindings";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<int, Stored>();
        while (reader.Read())
        {
            rows[reader.GetInt32(0)] = new Stored(reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5));
        }
        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
