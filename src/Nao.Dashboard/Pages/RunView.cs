using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Search;
using Nao.Storage;
using Nao.WeightSharing;

namespace Nao.Dashboard.Pages;

/// <summary>
/// What the pages show of one run, read at one moment through a read-only store (no lock: a search may be writing it).
/// </summary>
public sealed class RunView
{
    private RunView(string id, string path)
    {
        Id = id;
        Path = path;
    }

    /// <summary>The run's id (its path under the runs folder).</summary>
    public string Id { get; }

    /// <summary>The run folder.</summary>
    public string Path { get; }

    /// <summary>The run's options.</summary>
    public SearchOptions Options { get; private init; } = new();

    /// <summary>running, completed, failed, cancelled or interrupted (running only while a live process holds the run).</summary>
    public string Status { get; private init; } = "";

    /// <summary>When the run was created (UTC).</summary>
    public DateTime Created { get; private init; }

    /// <summary>Every readable trial, by index.</summary>
    public IReadOnlyList<Trial> Trials { get; private init; } = [];

    /// <summary>What the store could not read (a line per kind of damage).</summary>
    public IReadOnlyList<string> Damage { get; private init; } = [];

    /// <summary>The error that stopped the run, if any.</summary>
    public string? Error { get; private init; }

    /// <summary>The supernet's training curve (weight sharing), epoch by epoch.</summary>
    public IReadOnlyList<SupernetEpochReport> Supernet { get; private init; } = [];

    /// <summary>Whether a live process is writing the run.</summary>
    public bool IsRunning => Status == "running";

    /// <summary>The best score so far; NaN before the first success.</summary>
    public double Best => Trials.Where(t => t.Status == TrialStatus.Ok).Select(t => t.Score).DefaultIfEmpty(double.NaN).Max();

    /// <summary>Trials with a result.</summary>
    public int Finished => Trials.Count(t => t.IsFinished);

    /// <summary>From creation to the last finished trial (to now while running).</summary>
    public TimeSpan Duration
    {
        get
        {
            var end = IsRunning ? DateTime.UtcNow : Trials.Select(t => t.Finished ?? t.Started).DefaultIfEmpty(Created).Max();
            return end > Created ? end - Created : TimeSpan.Zero;
        }
    }

    /// <summary>Every metric name the trials report, with "score" first.</summary>
    public IReadOnlyList<string> MetricNames =>
        ["score", .. Trials.SelectMany(t => t.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>A trial's value of a metric ("score" is the trial's score); NaN when it has none.</summary>
    public static double Value(Trial trial, string metric) =>
        metric == "score" ? trial.Score : trial.Metrics.TryGetValue(metric, out var value) ? value : double.NaN;

    /// <summary>Statistics of every round (NAO's predicted against real score, pairwise accuracy).</summary>
    public IReadOnlyList<RoundStatistics> Rounds =>
        RoundStatistics.From(Trials, string.Equals((string?)Options.Controller?["normalization"], "rank", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a run.</summary>
    /// <exception cref="InvalidDataException">The run cannot be read (damaged, or still being created); the message says why.</exception>
    public static RunView Load(string id, string path)
    {
        try
        {
            using var store = RunStore.OpenReader(path);
            var trials = store.LoadTrials();
            IReadOnlyList<SupernetEpochReport> supernet;
            try
            {
                supernet = store.Curve();
            }
            catch (InvalidDataException)
            {
                supernet = [];
            }
            return new RunView(id, path)
            {
                Options = store.Options,
                Status = RunReport.StatusText(store),
                Created = store.Created,
                Trials = trials,
                Damage = store.Damage,
                Error = string.IsNullOrEmpty(store.Error) ? null : store.Error,
                Supernet = supernet,
            };
        }
        catch (SqliteException e)
        {
            // A run being created has its file before its tables; the next refresh reads it.
            throw new InvalidDataException($"'{path}' cannot be read yet: {e.Message}", e);
        }
    }
}
