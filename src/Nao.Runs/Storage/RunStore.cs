using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.WeightSharing;
using Nao.Search;

namespace Nao.Storage;

/// <summary>
/// A run folder: <c>run.db</c> (SQLite: every trial, the options, seed, version and status, the checkpoint list),
/// <c>options.json</c> (the same options, for people), <c>checkpoints/</c> (controller state after each round's fit)
/// and, once written, the report. A weight-sharing search also keeps its latest supernet there (older rounds' files are
/// deleted once a newer one is saved: a resume needs only the latest), the supernet's training curve, and the final
/// stand-alone retraining. The database uses WAL with synchronous=FULL, so a committed trial survives a kill -9 and a
/// power loss.
/// <para>
/// A store made by <see cref="Create"/> or <see cref="Open"/> holds the folder's <see cref="RunLock"/> until disposed,
/// so one process at a time writes a run; <see cref="OpenReader"/> takes no lock and reads a run another process may be
/// writing. Each trial row carries a SHA-256 of its columns: a holder refuses a run with a damaged or edited row, a
/// reader skips such rows and lists them in <see cref="Damage"/>.
/// </para>
/// </summary>
public sealed class RunStore : ITrialStore, IOptimizerCheckpoints, ISupernetCheckpoints, IStandaloneStore, IDisposable
{
    /// <summary>The database file name inside a run folder.</summary>
    public const string DatabaseFile = "run.db";

    private readonly SqliteConnection _connection;
    private readonly ISearchSpace _space;
    private readonly Lock _gate = new();
    private readonly RunLock? _lock;
    private readonly bool _hasChecksums;
    private readonly bool _hasCurves;
    private IReadOnlyList<string> _damage = [];

    private RunStore(string directory, SqliteConnection connection, SearchOptions options, string version, DateTime created, RunLock? runLock, bool hasChecksums, bool hasCurves, SearchParts? parts)
    {
        Directory = directory;
        _connection = connection;
        Options = options;
        Version = version;
        Created = created;
        _lock = runLock;
        _hasChecksums = hasChecksums;
        _hasCurves = hasCurves;
        _space = (parts ?? SearchParts.Core).Space(options);
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The options the run was started with (with its latest budget, when a resume extended it).</summary>
    public SearchOptions Options { get; private set; }

    /// <summary>The Nao version that created the run.</summary>
    public string Version { get; }

    /// <summary>When the run was created (UTC).</summary>
    public DateTime Created { get; }

    /// <summary>The database file, as messages name it.</summary>
    public string DatabasePath => Path.Combine(Directory, DatabaseFile);

    /// <summary>
    /// What the last <see cref="LoadTrials"/> of a reader could not read (a line per kind of damage, naming the trials);
    /// empty when nothing was lost. A holder throws instead.
    /// </summary>
    public IReadOnlyList<string> Damage => _damage;

    /// <summary>How many trials the last <see cref="LoadTrials"/> returned without a checksum (written by a Nao before checksums).</summary>
    public int UnverifiedTrials { get; private set; }

    /// <summary>
    /// The stored status says running but no process holds the folder: the search was killed (or lost power) and
    /// can be resumed.
    /// </summary>
    public bool IsInterrupted => Status == RunStatus.Running && _lock is null && !RunLock.IsHeld(Directory);

    /// <summary>The folder of controller checkpoints.</summary>
    public string CheckpointDirectory => Path.Combine(Directory, "checkpoints");

    /// <summary>The version of the running Nao (the informational version of Nao.Core).</summary>
    public static string CurrentVersion =>
        typeof(RunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Whether a folder holds a run.</summary>
    public static bool IsRun(string directory) => File.Exists(Path.Combine(directory, DatabaseFile));

    /// <summary>Creates a new run folder (the folder may exist but must not hold a run) and holds it until disposed.</summary>
    /// <exception cref="IOException">The folder already holds a run; the message says how to resume it.</exception>
    /// <exception cref="RunLockedException">Another process holds the folder.</exception>
    public static RunStore Create(string directory, SearchOptions options, SearchParts? parts = null)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "checkpoints"));
        // Locked before the check, so two searches started on one new folder cannot both create it.
        var runLock = RunLock.Acquire(directory);
        try
        {
            return CreateHeld(directory, options, runLock, parts);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    private static RunStore CreateHeld(string directory, SearchOptions options, RunLock runLock, SearchParts? parts)
    {
        if (IsRun(directory))
        {
            throw new IOException($"'{directory}' already holds a run. Resume it with 'nao search --resume {directory}', or pick another --run folder.");
        }
        var connection = OpenConnection(directory);
        var created = DateTime.UtcNow;
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, """
                CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE trials (
                    idx INTEGER PRIMARY KEY, round INTEGER NOT NULL, architecture TEXT NOT NULL, hash TEXT NOT NULL,
                    tokens TEXT NOT NULL, status TEXT NOT NULL, score REAL, metrics TEXT NOT NULL, error TEXT,
                    started TEXT NOT NULL, finished TEXT, seconds REAL, record TEXT NOT NULL, checksum TEXT);
                CREATE TABLE checkpoints (round INTEGER PRIMARY KEY, file TEXT NOT NULL, fit TEXT NOT NULL, saved TEXT NOT NULL);
                """);
            Execute(connection, WeightSharingTables);
            Execute(connection, CurveTable);
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
        return new RunStore(directory, connection, options, CurrentVersion, created, runLock, hasChecksums: true, hasCurves: true, parts);
    }

    /// <summary>
    /// Opens an existing run folder to continue it and holds it until disposed. Damage is refused: any trial it cannot
    /// read or verify makes <see cref="LoadTrials"/> throw.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run, or its database is damaged.</exception>
    /// <exception cref="RunLockedException">Another process holds the folder; nothing was read or written.</exception>
    public static RunStore Open(string directory, SearchParts? parts = null)
    {
        RequireRun(directory);
        var runLock = RunLock.Acquire(directory);
        try
        {
            return OpenExisting(directory, runLock, parts);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a run folder to read it, without its lock (a search may be writing it). Trials it cannot read or verify
    /// are skipped by <see cref="LoadTrials"/> and listed in <see cref="Damage"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run, or its database or options cannot be read at all.</exception>
    public static RunStore OpenReader(string directory, SearchParts? parts = null)
    {
        RequireRun(directory);
        return OpenExisting(directory, runLock: null, parts);
    }

    private static void RequireRun(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"Run folder '{directory}' does not exist.");
        if (!IsRun(directory)) throw new InvalidDataException($"'{directory}' is not a run folder: it has no {DatabaseFile}. List runs with 'nao runs'.");
    }

    private static RunStore OpenExisting(string directory, RunLock? runLock, SearchParts? parts)
    {
        var file = Path.Combine(directory, DatabaseFile);
        var connection = OpenConnection(directory, readOnly: runLock is null);
        try
        {
            var meta = ReadMeta(connection);
            bool hasChecksums, hasCurves;
            if (runLock is not null)
            {
                // Runs made before weight sharing existed lack its tables; they are empty for such runs.
                Execute(connection, WeightSharingTables);
                // Runs made before checksums lack the column; their rows stay unverified, new ones get one.
                if (!HasColumn(connection, "trials", "checksum")) Execute(connection, "ALTER TABLE trials ADD COLUMN checksum TEXT");
                hasChecksums = true;
                // Runs made before learning curves lack their table; their trials have no curve.
                Execute(connection, CurveTable);
                hasCurves = true;
            }
            else
            {
                // A reader changes nothing: missing tables read as empty, a missing column as unverified rows.
                hasChecksums = HasColumn(connection, "trials", "checksum");
                hasCurves = HasTable(connection, "trial_curves");
            }
            if (!meta.TryGetValue("options", out var json)) throw new InvalidDataException($"'{file}' has no stored options; it was not made by nao search.");
            SearchOptions options;
            try
            {
                options = JsonSerializer.Deserialize<SearchOptions>(json, RunJson.Options)
                    ?? throw new JsonException("the stored options are empty");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(
                    $"'{file}' is damaged: its stored options are not valid ({e.Message}). {Remedy(directory, runLock is not null)} " +
                    $"The run's options.json holds a copy of its options for a new run.");
            }
            var created = DateTime.TryParse(meta.GetValueOrDefault("created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var c) ? c : DateTime.MinValue;
            return new RunStore(directory, connection, options, meta.GetValueOrDefault("version", "unknown"), created, runLock, hasChecksums, hasCurves, parts);
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            Close(connection);
            throw Damaged(directory, e, runLock is not null);
        }
        catch
        {
            Close(connection);
            throw;
        }
    }

    /// <summary>What a user can do about a damaged run: a holder is resuming, a reader is listing or reporting.</summary>
    private static string Remedy(string directory, bool resuming) => resuming
        ? $"This run cannot be resumed: restore {DatabaseFile} from a copy, or start a new run with 'nao search' ('nao report {directory}' shows what can still be read)."
        : $"Restore {DatabaseFile} from a copy, or start a new run with 'nao search'.";

    private static InvalidDataException Damaged(string directory, SqliteException e, bool resuming) =>
        new($"'{Path.Combine(directory, DatabaseFile)}' is damaged: {e.Message} {Remedy(directory, resuming)}", e);

    // SQLITE_CORRUPT and SQLITE_NOTADB: the file's bytes are not a sound database (busy or full disks are other problems).
    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is 11 or 26;

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $table";
        command.Parameters.AddWithValue("$table", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Close(SqliteConnection connection)
    {
        connection.Dispose();
        SqliteConnection.ClearPool(connection);
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
    /// <exception cref="InvalidDataException">
    /// A holder found a trial it cannot read, or whose checksum does not match; the message names the trial and the file.
    /// </exception>
    public IReadOnlyList<Trial> LoadTrials()
    {
        lock (_gate)
        {
            var damage = new TrialDamage(DatabasePath);
            var trials = new List<Trial>();
            var unverified = 0;
            Dictionary<long, List<CurveRow>> curves;
            try
            {
                curves = ReadCurves();
            }
            catch (SqliteException e) when (IsDamage(e))
            {
                // Without the curves no row's checksum can be checked; the trials are unreadable as a whole.
                curves = [];
                damage.Unreadable(null, e.Message);
            }
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {TrialRow.Columns}, {(_hasChecksums ? "checksum" : "NULL")} FROM trials ORDER BY idx";
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var index = reader.GetInt64(0);
                    try
                    {
                        var row = ReadRow(reader) with { CurveRows = curves.TryGetValue(index, out var points) ? points : [] };
                        var checksum = reader.IsDBNull(13) ? null : reader.GetString(13);
                        if (checksum is not null && !string.Equals(checksum, row.Checksum(), StringComparison.Ordinal))
                        {
                            damage.Add(index, "its checksum does not match: it was edited or damaged after it was written");
                            continue;
                        }
                        if (ToTrial(row) is not { } trial)
                        {
                            damage.Add(index, $"its status '{row.Status}' is unknown");
                            continue;
                        }
                        if (checksum is null) unverified++;
                        trials.Add(trial);
                    }
                    catch (Exception e) when (e is FormatException or JsonException or InvalidCastException or OverflowException)
                    {
                        // A column of the wrong type or with unparsable text (a row the checksum cannot vouch for).
                        damage.Add(index, $"it cannot be read ({e.Message})");
                    }
                }
            }
            catch (SqliteException e) when (IsDamage(e))
            {
                damage.Unreadable(trials.Count > 0 ? trials[^1].Index : null, e.Message);
            }
            if (_lock is not null)
            {
                damage.ThrowIfAny(Remedy(Directory, resuming: true));
                var gap = Enumerable.Range(0, trials.Count).FirstOrDefault(i => trials[i].Index != i, -1);
                if (gap >= 0) throw new InvalidDataException($"'{DatabasePath}': trial {gap} is missing (next stored is {trials[gap].Index}). {Remedy(Directory, resuming: true)}");
            }
            _damage = damage.Lines;
            UnverifiedTrials = unverified;
            return trials;
        }
    }

    private static TrialRow ReadRow(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetDouble(11),
        reader.GetString(12));

    /// <summary>The trial a row holds, or null when its status is not one Nao writes.</summary>
    private Trial? ToTrial(TrialRow row)
    {
        if (!Enum.TryParse<TrialStatus>(row.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status)) return null;
        return new Trial
        {
            Index = checked((int)row.Index),
            Round = checked((int)row.Round),
            Genotype = _space.Parse(row.Architecture),
            Tokens = [.. row.Tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture))],
            Status = status,
            Score = row.Score ?? double.NaN,
            Metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(row.Metrics, RunJson.Compact)!.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Curve = [.. row.CurveRows.Select(p => new CurvePoint(p.Step, p.Score ?? double.NaN,
                JsonSerializer.Deserialize<Dictionary<string, double>>(p.Metrics, RunJson.Compact)!.ToImmutableSortedDictionary(StringComparer.Ordinal)))],
            Error = row.Error,
            Started = ParseTime(row.Started),
            Finished = row.Finished is null ? null : ParseTime(row.Finished),
            Record = JsonNode.Parse(row.Record)?.AsObject() ?? [],
        };
    }

    /// <inheritdoc />
    public void AddPending(Trial trial)
    {
        var row = TrialRow.From(trial) with { Status = "pending", Score = null, Metrics = "{}", Error = null, Finished = null, Seconds = null, CurveRows = [] };
        lock (_gate)
        {
            Execute(_connection, $"""
                INSERT INTO trials ({TrialRow.Columns}, checksum)
                VALUES ($idx, $round, $arch, $hash, $tokens, $status, $score, $metrics, $error, $started, $finished, $seconds, $record, $checksum)
                """, row.Parameters());
        }
    }

    /// <inheritdoc />
    public void Complete(Trial trial)
    {
        // Every column is rewritten, so the checksum covers exactly the row as stored; the curve is written in the same
        // transaction, so a completed trial never lacks its curve (the checksum covers the curve too).
        var row = TrialRow.From(trial);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Execute(_connection, "DELETE FROM trial_curves WHERE trial = $idx", ("$idx", trial.Index));
            foreach (var point in row.CurveRows)
            {
                Execute(_connection, "INSERT INTO trial_curves (trial, step, score, metrics) VALUES ($idx, $step, $score, $metrics)",
                    ("$idx", trial.Index), ("$step", point.Step), ("$score", point.Score), ("$metrics", point.Metrics));
            }
            Execute(_connection, """
                UPDATE trials SET round = $round, architecture = $arch, hash = $hash, tokens = $tokens, status = $status, score = $score,
                                  metrics = $metrics, error = $error, started = $started, finished = $finished, seconds = $seconds,
                                  record = $record, checksum = $checksum
                WHERE idx = $idx
                """, row.Parameters());
            transaction.Commit();
        }
    }

    /// <summary>Every stored curve point, by trial, in the order written; empty for a reader of a run made before curves.</summary>
    private Dictionary<long, List<CurveRow>> ReadCurves()
    {
        var curves = new Dictionary<long, List<CurveRow>>();
        if (!_hasCurves) return curves;
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT trial, step, score, metrics FROM trial_curves ORDER BY trial, rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var trial = reader.GetInt64(0);
            if (!curves.TryGetValue(trial, out var list)) curves[trial] = list = [];
            // Read as stored (a damaged value is caught by the trial's checksum or when the trial is built).
            list.Add(new CurveRow(reader.GetValue(1) as double? ?? double.NaN, reader.IsDBNull(2) ? null : reader.GetValue(2) as double? ?? double.NaN,
                reader.GetValue(3) as string ?? ""));
        }
        return curves;
    }

    /// <summary>The controller checkpoints, by round.</summary>
    /// <exception cref="InvalidDataException">The list is damaged; the message names the file and the fix.</exception>
    public IReadOnlyList<CheckpointInfo> Checkpoints() => Guarded("the controller checkpoint list", ReadCheckpoints);

    private List<CheckpointInfo> ReadCheckpoints()
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

    /// <summary>
    /// Receives a one-line warning when a listed controller checkpoint is not used (missing, damaged, truncated, copied
    /// from another round, fitted on other trials, or saved by an older Nao) and its round is refitted instead; the
    /// refit is deterministic, so the search goes on as the uninterrupted one did. Default: none.
    /// </summary>
    public Action<string>? CheckpointWarning { get; set; }

    /// <inheritdoc />
    public bool TryLoad(FitBinding binding, IArchitectureOptimizer optimizer)
    {
        var checkpoint = Checkpoints().FirstOrDefault(c => c.Round == binding.Round);
        // Never saved: the round fits, as it did the first time.
        if (checkpoint is null) return false;
        string? problem;
        lock (_gate)
        {
            problem = ControllerBindings.Problem(_connection, binding, ControllerDigest, checkpoint.Path);
        }
        if (problem is null)
        {
            try
            {
                optimizer.Load(checkpoint.Path);
                return true;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                problem = $"cannot be loaded ({e.Message})";
            }
        }
        // Kept, not overwritten by the refit: it may be the only copy of something (Save deletes it if the refit is equal).
        var kept = "";
        if (File.Exists(checkpoint.Path))
        {
            File.Move(checkpoint.Path, checkpoint.Path + RejectedSuffix, overwrite: true);
            kept = $" (the file is kept as {Path.GetFileName(checkpoint.Path)}{RejectedSuffix})";
        }
        // Its cost heads go with it: the refit writes a new sidecar, and a changed one may be all that is left to inspect.
        var sidecar = ControllerBindings.CostsSidecar(checkpoint.Path);
        if (File.Exists(sidecar)) File.Move(sidecar, sidecar + RejectedSuffix, overwrite: true);
        CheckpointWarning?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"warning: {checkpoint.Path} {problem}; refitting round {binding.Round}'s controller from the stored trials and saving it again{kept}."));
        return false;
    }

    /// <summary>Appended to the name of a controller checkpoint that was not loaded and is kept beside its refit.</summary>
    public const string RejectedSuffix = ".rejected";

    /// <inheritdoc />
    public void Save(FitBinding binding, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        var file = Path.Combine("checkpoints", $"controller-round-{binding.Round}.bin");
        // The optimizer writes atomically; the rows are added after, in one transaction, so a listed checkpoint is always
        // complete and always has the record of what it was fitted on.
        optimizer.Save(Path.Combine(Directory, file));
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Execute(_connection, "INSERT OR REPLACE INTO checkpoints (round, file, fit, saved) VALUES ($round, $file, $fit, $saved)",
                ("$round", binding.Round), ("$file", file), ("$fit", JsonSerializer.Serialize(report, RunJson.Compact)), ("$saved", FormatTime(DateTime.UtcNow)));
            ControllerBindings.Record(_connection, binding, ControllerDigest, Path.Combine(Directory, file));
            transaction.Commit();
        }
        // A rejected file equal to its refit (an older Nao's checkpoint) holds nothing the refit does not.
        var rejected = Path.Combine(Directory, file) + RejectedSuffix;
        if (File.Exists(rejected) && File.ReadAllBytes(rejected).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Directory, file)))) File.Delete(rejected);
    }

    private string ControllerDigest => ControllerBindings.SettingsDigest(Options.Controller);

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
    public IReadOnlyList<SupernetEpochReport> Curve() => Guarded("the supernet training curve", ReadCurve);

    private List<SupernetEpochReport> ReadCurve()
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
    public IReadOnlyList<StandaloneResult> LoadStandalone() => Guarded("the stand-alone retraining results", ReadStandalone);

    private List<StandaloneResult> ReadStandalone()
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
        // Released last: the next holder finds the database closed.
        _lock?.Dispose();
    }

    private string? Meta(string key) => Guarded("the run's settings", () =>
    {
        lock (_gate)
        {
            return ReadMeta(_connection).GetValueOrDefault(key);
        }
    });

    /// <summary>
    /// Runs a read of a part of the store that has no salvage of its own; damage (bad pages, unparsable JSON, unknown
    /// names) becomes one message naming the file, the part and the fix instead of a raw exception.
    /// </summary>
    private T Guarded<T>(string part, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            throw Damaged(Directory, e, resuming: _lock is not null);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            throw new InvalidDataException($"'{DatabasePath}' is damaged: {part} cannot be read ({e.Message}). {Remedy(Directory, resuming: _lock is not null)}", e);
        }
    }

    private void SetMeta(string key, string value)
    {
        lock (_gate)
        {
            Execute(_connection, "INSERT OR REPLACE INTO run (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
        }
    }

    // Points of the learning curves, in the order each trial's evaluator measured them (rowid order).
    private const string CurveTable = """
        CREATE TABLE IF NOT EXISTS trial_curves (trial INTEGER NOT NULL, step REAL NOT NULL, score REAL, metrics TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS trial_curves_trial ON trial_curves (trial);
        """;

    private const string WeightSharingTables = """
        CREATE TABLE IF NOT EXISTS supernet_checkpoints (round INTEGER PRIMARY KEY, file TEXT NOT NULL, epochs TEXT NOT NULL, saved TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS standalone (
            role TEXT NOT NULL, rank INTEGER NOT NULL, architecture TEXT NOT NULL, shared REAL, status TEXT NOT NULL,
            score REAL, metrics TEXT NOT NULL, error TEXT, seconds REAL NOT NULL, PRIMARY KEY (role, rank));
        """;

    private static SqliteConnection OpenConnection(string directory, bool readOnly = false)
    {
        // A reader (nao runs, nao report, nao serve) opens the file read-only, so it cannot change a run by mistake.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, DatabaseFile),
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        // WAL + FULL: every committed transaction is on disk before the commit returns (kill -9 and power loss safe).
        // The journal mode is the file's own (a holder set it), so a reader only sets how long it waits for the writer.
        Execute(connection, readOnly ? "PRAGMA busy_timeout=5000;" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
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

    private static string FormatTime(DateTime time) => TrialRow.FormatTime(time);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
