using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Storage;

/// <summary>
/// A run folder: <c>run.db</c> (SQLite: every trial, the options, seed, version and status, the checkpoint list),
/// <c>options.json</c> (the same options, for people), <c>checkpoints/</c> (controller state after each round's fit)
/// and, once written, the report. A weight-sharing search also keeps its latest supernet there (older rounds' files are
/// deleted once a newer one is saved: a resume needs only the latest), the supernet's training curve, and the final
/// stand-alone retraining. The database uses WAL with synchronous=FULL, so a committed trial survives a kill -9 and a
/// power loss.
/// </summary>
public sealed class RunStore : ITrialStore, IOptimizerCheckpoints, ISupernetCheckpoints, IStandaloneStore, IDisposable
{
    /// <summary>The database file name inside a run folder.</summary>
    public const string DatabaseFile = "run.db";

    private readonly SqliteConnection _connection;
    private readonly ISearchSpace _space;
    private readonly Lock _gate = new();

    private RunStore(string directory, SqliteConnection connection, SearchOptions options, string version, DateTime created)
    {
        Directory = directory;
        _connection = connection;
        Options = options;
        Version = version;
        Created = created;
        _space = SearchSpaceRegistry.Get(options.Space);
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The options the run was started with (with its latest budget, when a resume extended it).</summary>
    public SearchOptions Options { get; private set; }

    /// <summary>The Nao version that created the run.</summary>
    public string Version { get; }

    /// <summary>When the run was created (UTC).</summary>
    public DateTime Created { get; }

    /// <summary>The folder of controller checkpoints.</summary>
    public string CheckpointDirectory => Path.Combine(Directory, "checkpoints");

    /// <summary>The version of the running Nao (the informational version of Nao.Core).</summary>
    public static string CurrentVersion =>
        typeof(RunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Whether a folder holds a run.</summary>
    public static bool IsRun(string directory) => File.Exists(Path.Combine(directory, DatabaseFile));

    /// <summary>Creates a new run folder (the folder may exist but must not hold a run).</summary>
    /// <exception cref="IOException">The folder already holds a run; the message says how to resume it.</exception>
    public static RunStore Create(string directory, SearchOptions options)
    {
        if (IsRun(directory))
        {
            throw new IOException($"'{directory}' already holds a run. Resume it with 'nao search --resume {directory}', or pick another --run folder.");
        }
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "checkpoints"));
        var connection = OpenConnection(directory);
        var created = DateTime.UtcNow;
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, """
                CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE trials (
                    idx INTEGER PRIMARY KEY, round INTEGER NOT NULL, architecture TEXT NOT NULL, hash TEXT NOT NULL,
                    tokens TEXT NOT NULL, status TEXT NOT NULL, score REAL, metrics TEXT NOT NULL, error TEXT,
                    started TEXT NOT NULL, finished TEXT, seconds REAL, record TEXT NOT NULL);
                CREATE TABLE checkpoints (round INTEGER PRIMARY KEY, file TEXT NOT NULL, fit TEXT NOT NULL, saved TEXT NOT NULL);
                """);
            Execute(connection, WeightSharingTables);
            var version = CurrentVersion;
            foreach (var (key, value) in new[]
            {
                ("format", "1"), ("options", JsonSerializer.Serialize(options, RunJson.Options)),
                ("seed", options.Seed.ToString(CultureInfo.InvariantCulture)), ("version", version),
                ("created", created.ToString("o", CultureInfo.InvariantCulture)), ("status", nameof(RunStatus.Running)),
            })
            {
                Execute(connection, "INSERT INTO run (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
            }
            transaction.Commit();
        }
        AtomicFile.WriteAllText(Path.Combine(directory, "options.json"), JsonSerializer.Serialize(options, RunJson.Options));
        return new RunStore(directory, connection, options, CurrentVersion, created);
    }

    /// <summary>Opens an existing run folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run, or its database is unreadable.</exception>
    public static RunStore Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"Run folder '{directory}' does not exist.");
        if (!IsRun(directory)) throw new InvalidDataException($"'{directory}' is not a run folder: it has no {DatabaseFile}. List runs with 'nao runs'.");
        SqliteConnection connection;
        Dictionary<string, string> meta;
        try
        {
            connection = OpenConnection(directory);
            meta = ReadMeta(connection);
        }
        catch (SqliteException e)
        {
            throw new InvalidDataException($"'{directory}/{DatabaseFile}' cannot be read: {e.Message}");
        }
        // Runs made before weight sharing existed lack its tables; they are empty for such runs.
        Execute(connection, WeightSharingTables);
        if (!meta.TryGetValue("options", out var json)) throw new InvalidDataException($"'{directory}/{DatabaseFile}' has no stored options; it was not made by nao search.");
        var options = JsonSerializer.Deserialize<SearchOptions>(json, RunJson.Options)
            ?? throw new InvalidDataException($"'{directory}/{DatabaseFile}': the stored options are empty.");
        var created = DateTime.Parse(meta.GetValueOrDefault("created", "2000-01-01T00:00:00Z"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new RunStore(directory, connection, options, meta.GetValueOrDefault("version", "unknown"), created);
    }

    /// <summary>
    /// Stores a new budget (a resume with <c>--budget N</c> extends the run) in the database and in <c>options.json</c>,
    /// so later resumes and reports see the run's real budget. The caller checks that the strategy allows it.
    /// </summary>
    public void SetBudget(int budget)
    {
        var options = Options with { Loop = Options.Loop with { Budget = budget } };
        var json = JsonSerializer.Serialize(options, RunJson.Options);
        SetMeta("options", json);
        AtomicFile.WriteAllText(Path.Combine(Directory, "options.json"), json);
        Options = options;
    }

    /// <summary>The run's status.</summary>
    public RunStatus Status
    {
        get => Enum.TryParse<RunStatus>(Meta("status"), out var status) ? status : RunStatus.Running;
        set => SetMeta("status", value.ToString());
    }

    /// <summary>The message of the error that stopped the run, if any.</summary>
    public string? Error
    {
        get => Meta("error");
        set => SetMeta("error", value ?? "");
    }

    /// <inheritdoc />
    public IReadOnlyList<Trial> LoadTrials()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT idx, round, architecture, tokens, status, score, metrics, error, started, finished, record FROM trials ORDER BY idx";
            using var reader = command.ExecuteReader();
            var trials = new List<Trial>();
            while (reader.Read())
            {
                var index = reader.GetInt32(0);
                if (index != trials.Count) throw new InvalidDataException($"{Directory}/{DatabaseFile}: trial {trials.Count} is missing (next stored is {index}).");
                trials.Add(new Trial
                {
                    Index = index,
                    Round = reader.GetInt32(1),
                    Genotype = _space.Parse(reader.GetString(2)),
                    Tokens = [.. reader.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture))],
                    Status = Enum.Parse<TrialStatus>(reader.GetString(4), ignoreCase: true),
                    Score = reader.IsDBNull(5) ? double.NaN : reader.GetDouble(5),
                    Metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(6), RunJson.Compact)!.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    Error = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Started = ParseTime(reader.GetString(8)),
                    Finished = reader.IsDBNull(9) ? null : ParseTime(reader.GetString(9)),
                    Record = JsonNode.Parse(reader.GetString(10))?.AsObject() ?? [],
                });
            }
            return trials;
        }
    }

    /// <inheritdoc />
    public void AddPending(Trial trial)
    {
        lock (_gate)
        {
            Execute(_connection, """
                INSERT INTO trials (idx, round, architecture, hash, tokens, status, metrics, started, record)
                VALUES ($idx, $round, $arch, $hash, $tokens, $status, '{}', $started, $record)
                """,
                ("$idx", trial.Index), ("$round", trial.Round), ("$arch", trial.Genotype.Canonical), ("$hash", trial.Genotype.Hash),
                ("$tokens", string.Join(' ', trial.Tokens)), ("$status", "pending"), ("$started", FormatTime(trial.Started)),
                ("$record", trial.Record.ToJsonString(RunJson.Compact)));
        }
    }

    /// <inheritdoc />
    public void Complete(Trial trial)
    {
        lock (_gate)
        {
            var seconds = trial.Finished is { } f ? (f - trial.Started).TotalSeconds : (double?)null;
            Execute(_connection, """
                UPDATE trials SET status = $status, score = $score, metrics = $metrics, error = $error, started = $started,
                                  finished = $finished, seconds = $seconds, record = $record
                WHERE idx = $idx
                """,
                ("$idx", trial.Index), ("$status", trial.Status.ToString().ToLowerInvariant()),
                ("$score", double.IsFinite(trial.Score) ? trial.Score : null), ("$metrics", JsonSerializer.Serialize(trial.Metrics, RunJson.Compact)),
                ("$error", trial.Error), ("$started", FormatTime(trial.Started)), ("$finished", trial.Finished is { } t ? FormatTime(t) : null),
                ("$seconds", seconds), ("$record", trial.Record.ToJsonString(RunJson.Compact)));
        }
    }

    /// <summary>The controller checkpoints, by round.</summary>
    public IReadOnlyList<CheckpointInfo> Checkpoints()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT round, file, fit, saved FROM checkpoints ORDER BY round";
            using var reader = command.ExecuteReader();
            var list = new List<CheckpointInfo>();
            while (reader.Read())
            {
                list.Add(new CheckpointInfo(reader.GetInt32(0), Path.Combine(Directory, reader.GetString(1)),
                    JsonSerializer.Deserialize<OptimizerFitReport>(reader.GetString(2), RunJson.Compact)!, ParseTime(reader.GetString(3))));
            }
            return list;
        }
    }

    /// <inheritdoc />
    public bool TryLoad(int round, IArchitectureOptimizer optimizer)
    {
        var checkpoint = Checkpoints().FirstOrDefault(c => c.Round == round);
        if (checkpoint is null || !File.Exists(checkpoint.Path)) return false;
        optimizer.Load(checkpoint.Path);
        return true;
    }

    /// <inheritdoc />
    public void Save(int round, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        var file = Path.Combine("checkpoints", $"controller-round-{round}.bin");
        // The optimizer writes atomically; the row is added after, so a listed checkpoint is always complete.
        optimizer.Save(Path.Combine(Directory, file));
        lock (_gate)
        {
            Execute(_connection, "INSERT OR REPLACE INTO checkpoints (round, file, fit, saved) VALUES ($round, $file, $fit, $saved)",
                ("$round", round), ("$file", file), ("$fit", JsonSerializer.Serialize(report, RunJson.Compact)), ("$saved", FormatTime(DateTime.UtcNow)));
        }
    }

    /// <inheritdoc />
    public int LatestRound
    {
        get
        {
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "SELECT MAX(round) FROM supernet_checkpoints";
                return command.ExecuteScalar() is long round ? (int)round : 0;
            }
        }
    }

    /// <inheritdoc />
    public bool TryLoad(int round, ISupernet supernet)
    {
        string? file;
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT file FROM supernet_checkpoints WHERE round = $round";
            command.Parameters.AddWithValue("$round", round);
            file = command.ExecuteScalar() as string;
        }
        if (file is null || !File.Exists(Path.Combine(Directory, file))) return false;
        supernet.Load(Path.Combine(Directory, file));
        return true;
    }

    /// <inheritdoc />
    public void Save(int round, ISupernet supernet, IReadOnlyList<SupernetEpochReport> epochs)
    {
        var file = Path.Combine("checkpoints", $"supernet-round-{round}.bin");
        // The supernet writes atomically; the row is added after, so a listed checkpoint is always complete.
        supernet.Save(Path.Combine(Directory, file));
        lock (_gate)
        {
            Execute(_connection, "INSERT OR REPLACE INTO supernet_checkpoints (round, file, epochs, saved) VALUES ($round, $file, $epochs, $saved)",
                ("$round", round), ("$file", file), ("$epochs", JsonSerializer.Serialize(epochs, RunJson.Compact)), ("$saved", FormatTime(DateTime.UtcNow)));
        }
        // Only the latest supernet is ever loaded again (earlier rounds replay from stored scores), and each is large.
        foreach (var old in System.IO.Directory.EnumerateFiles(CheckpointDirectory, "supernet-round-*.bin"))
        {
            if (!string.Equals(Path.GetFileName(old), Path.GetFileName(file), StringComparison.Ordinal)) File.Delete(old);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<SupernetEpochReport> Curve()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT epochs FROM supernet_checkpoints ORDER BY round";
            using var reader = command.ExecuteReader();
            var curve = new List<SupernetEpochReport>();
            while (reader.Read()) curve.AddRange(JsonSerializer.Deserialize<List<SupernetEpochReport>>(reader.GetString(0), RunJson.Compact)!);
            return curve;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StandaloneResult> LoadStandalone()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT role, rank, architecture, shared, status, score, metrics, error, seconds FROM standalone ORDER BY role DESC, rank";
            using var reader = command.ExecuteReader();
            var list = new List<StandaloneResult>();
            while (reader.Read())
            {
                list.Add(new StandaloneResult
                {
                    Role = reader.GetString(0),
                    Rank = reader.GetInt32(1),
                    Genotype = _space.Parse(reader.GetString(2)),
                    SharedScore = reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3),
                    Status = Enum.Parse<TrialStatus>(reader.GetString(4), ignoreCase: true),
                    Score = reader.IsDBNull(5) ? double.NaN : reader.GetDouble(5),
                    Metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(6), RunJson.Compact)!,
                    Error = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Seconds = reader.GetDouble(8),
                });
            }
            return list;
        }
    }

    /// <inheritdoc />
    public void SaveStandalone(StandaloneResult result)
    {
        lock (_gate)
        {
            Execute(_connection, """
                INSERT OR REPLACE INTO standalone (role, rank, architecture, shared, status, score, metrics, error, seconds)
                VALUES ($role, $rank, $arch, $shared, $status, $score, $metrics, $error, $seconds)
                """,
                ("$role", result.Role), ("$rank", result.Rank), ("$arch", result.Genotype.Canonical),
                ("$shared", double.IsFinite(result.SharedScore) ? result.SharedScore : null), ("$status", result.Status.ToString().ToLowerInvariant()),
                ("$score", double.IsFinite(result.Score) ? result.Score : null), ("$metrics", JsonSerializer.Serialize(result.Metrics, RunJson.Compact)),
                ("$error", result.Error), ("$seconds", result.Seconds));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        // Release the pooled handle so the folder can be moved or deleted right away.
        SqliteConnection.ClearPool(_connection);
    }

    private string? Meta(string key)
    {
        lock (_gate)
        {
            return ReadMeta(_connection).GetValueOrDefault(key);
        }
    }

    private void SetMeta(string key, string value)
    {
        lock (_gate)
        {
            Execute(_connection, "INSERT OR REPLACE INTO run (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
        }
    }

    private const string WeightSharingTables = """
        CREATE TABLE IF NOT EXISTS supernet_checkpoints (round INTEGER PRIMARY KEY, file TEXT NOT NULL, epochs TEXT NOT NULL, saved TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS standalone (
            role TEXT NOT NULL, rank INTEGER NOT NULL, architecture TEXT NOT NULL, shared REAL, status TEXT NOT NULL,
            score REAL, metrics TEXT NOT NULL, error TEXT, seconds REAL NOT NULL, PRIMARY KEY (role, rank));
        """;

    private static SqliteConnection OpenConnection(string directory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, DatabaseFile),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        // WAL + FULL: every committed transaction is on disk before the commit returns (kill -9 and power loss safe).
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        return connection;
    }

    private static Dictionary<string, string> ReadMeta(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM run";
        using var reader = command.ExecuteReader();
        var meta = new Dictionary<string, string>();
        while (reader.Read()) meta[reader.GetString(0)] = reader.GetString(1);
        return meta;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static string FormatTime(DateTime time) => time.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
