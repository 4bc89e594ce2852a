using System.Diagnostics;
using System.Globalization;
using Nao.Experiments;

namespace Nao.Cli.Commands;

/// <summary>
/// The search's progress on stderr: a line at each new round, every tenth of the budget, and at the end, with the
/// round, evaluations done, failures and the best so far.
/// </summary>
internal sealed class ProgressPrinter(TextWriter error) : IProgress<SearchProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _round = -1;

    public void Report(SearchProgress value)
    {
        var step = Math.Max(1, value.Budget / 10);
        if (value.Round == _round && value.Done % step != 0 && value.Done != value.Budget) return;
        _round = value.Round;
        var best = value.Best is { } b ? $"best {b.Score.ToString("0.####", CultureInfo.InvariantCulture)} (trial {b.Index})" : "no score yet";
        var replay = value.Replayed ? " [replayed from the store]" : "";
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {value.Round,2} | {value.Done,5}/{value.Budget} evaluations | {value.Failed} failed | {best} | {_clock.Elapsed.TotalSeconds:0.0} s{replay}"));
    }
}
