using System.Globalization;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary>
/// The search's progress on stderr: a line at each new round, every tenth of the budget, at the end, and at least
/// every <see cref="Heartbeat"/> while results come in, with the round, evaluations done, failures, the best so far
/// (and its regret against the table's optimum when the evaluator is a table), the time taken, an ETA, and, when
/// evaluations take long, the trials running now.
/// </summary>
/// <param name="error">Where the lines go.</param>
/// <param name="reference">The table's metric and its best value, when the evaluator is a table; null otherwise.</param>
/// <param name="clock">The clock (a fake one in tests). Default: the system's.</param>
internal sealed class ProgressPrinter(TextWriter error, (string Metric, double Best)? reference = null, TimeProvider? clock = null) : IProgress<SearchProgress>
{
    /// <summary>The longest time between two lines while results keep coming in.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>From this mean time per evaluation (or age of a running one) on, the line lists the trials running.</summary>
    public static readonly TimeSpan LongEvaluation = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long _start = (clock ?? TimeProvider.System).GetTimestamp();
    private int _round = -1;
    private int _evaluated;
    private TimeSpan _lastLine = TimeSpan.MinValue;

    /// <summary>The printer for a run: with the table's optimum when the run's evaluator is a loadable table.</summary>
    public static ProgressPrinter For(TextWriter error, SearchOptions options) =>
        new(error, RunReport.BenchmarkReference(options) is { } r ? (r.Metric, r.Best) : null);

    public void Report(SearchProgress value)
    {
        // Replayed results cost no time: only new evaluations measure the time per evaluation.
        if (!value.Replayed) _evaluated++;
        var elapsed = _clock.GetElapsedTime(_start);
        var step = Math.Max(1, value.Budget / 10);
        var due = value.Round != _round || value.Done % step == 0 || value.Done == value.Budget || elapsed - _lastLine >= Heartbeat;
        if (!due) return;
        _round = value.Round;
        _lastLine = elapsed;
        var line = new List<string>
        {
            $"round {value.Round,2}",
            $"{value.Done,5}/{value.Budget} evaluations",
            $"{value.Failed} failed",
            Best(value),
            string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s") + Eta(value, elapsed),
        };
        if (Running(value, elapsed) is { } running) line.Add(running);
        error.WriteLine(string.Join(" | ", line) + (value.Replayed ? " [replayed from the store]" : ""));
    }

    private string Best(SearchProgress value)
    {
        if (value.Best is not { } b) return "no score yet";
        var text = $"best {F(b.Score)} (trial {b.Index})";
        return reference is { } r && b.Metrics.TryGetValue(r.Metric, out var exact) ? $"{text}, regret {F(r.Best - exact)}" : text;
    }

    /// <summary>The remaining evaluations times the wall time per evaluation so far (parallel evaluations included).</summary>
    private string Eta(SearchProgress value, TimeSpan elapsed)
    {
        var remaining = value.Budget - value.Done;
        if (remaining <= 0 || _evaluated == 0) return "";
        return ", ETA " + Duration(elapsed / _evaluated * remaining);
    }

    /// <summary>The trials running now, when evaluations take long enough for that to matter.</summary>
    private string? Running(SearchProgress value, TimeSpan elapsed)
    {
        if (value.Running is not { Count: > 0 } running) return null;
        var now = _clock.GetUtcNow().UtcDateTime;
        var longest = running.Max(t => now - t.Started);
        var perEvaluation = _evaluated == 0 ? TimeSpan.Zero : elapsed / _evaluated;
        if (perEvaluation < LongEvaluation && longest < LongEvaluation) return null;
        var indices = running.Select(t => t.Index).ToList();
        var names = indices.Count <= 4 ? string.Join(", ", indices) : $"{indices[0]}…{indices[^1]}";
        return $"running {indices.Count}: trial{(indices.Count == 1 ? "" : "s")} {names} (longest {Duration(longest)})";
    }

    /// <summary>12 s, 3m05s, 2h07m.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds < 60 ? FormattableString.Invariant($"{span.TotalSeconds:0} s")
            : span.TotalHours < 1 ? FormattableString.Invariant($"{(int)span.TotalMinutes}m{span.Seconds:00}s")
            : FormattableString.Invariant($"{(int)span.TotalHours}h{span.Minutes:00}m");
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
