using System.Globalization;
using System.Text;
using Nao.Experiments;

namespace Nao.Reporting;

/// <summary>
/// Mean ± standard error of the best value and of the regret at several budgets, per strategy, as a text table, a CSV
/// (<c>compare.csv</c>: one row per strategy and budget; <c>compare-runs.csv</c>: one row per search and budget) and
/// a plot of mean regret against evaluations (<c>compare.png</c>).
/// </summary>
public sealed class ComparisonReport
{
    private readonly IReadOnlyList<ComparisonRun> _runs;
    private readonly double? _optimum;

    /// <summary>Summarizes runs; <paramref name="optimum"/> is the table's best value (null when unknown: no regret).</summary>
    public ComparisonReport(IReadOnlyList<ComparisonRun> runs, double? optimum)
    {
        _runs = runs;
        _optimum = optimum;
        var budget = runs.Max(r => r.BestSoFar.Count);
        Budgets = [.. new[] { 50, 100, 200 }.Where(b => b < budget).Append(budget)];
        Rows = [.. runs.Select(r => r.Strategy).Distinct().SelectMany(s => Budgets.Select(b => Summarize(s, b)))];
    }

    /// <summary>The budgets summarized: 50, 100 and 200 where below the searches' budget, and that budget.</summary>
    public IReadOnlyList<int> Budgets { get; }

    /// <summary>One row per strategy and budget.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The text table printed by <c>nao compare</c>.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"strategy",-10} {"budget",6} {"seeds",5}  {"best (mean ± se)",-20} {(_optimum is null ? "" : "regret (mean ± se)")}");
        foreach (var row in Rows)
        {
            var regret = _optimum is null ? "" : $"{F(row.RegretMean)} ± {F(row.RegretSe)}";
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Strategy,-10} {row.Budget,6} {row.Seeds,5}  {F(row.BestMean) + " ± " + F(row.BestSe),-20} {regret}");
        }
        if (_optimum is { } o) text.AppendLine(CultureInfo.InvariantCulture, $"(regret = table optimum {F(o)} − the best architecture's value)");
        return text.ToString();
    }

    /// <summary>Writes <c>compare.csv</c>, <c>compare-runs.csv</c> and <c>compare.png</c> into a folder; returns the paths.</summary>
    public IReadOnlyList<string> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var summary = new StringBuilder("strategy,budget,seeds,best_mean,best_se,regret_mean,regret_se\n");
        foreach (var r in Rows)
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"{r.Strategy},{r.Budget},{r.Seeds},{C(r.BestMean)},{C(r.BestSe)},{C(r.RegretMean)},{C(r.RegretSe)}");
        }
        var perRun = new StringBuilder("strategy,seed,budget,best,regret,seconds\n");
        foreach (var run in _runs)
        {
            foreach (var b in Budgets.Where(b => b <= run.BestSoFar.Count))
            {
                var best = run.BestSoFar[b - 1];
                perRun.AppendLine(CultureInfo.InvariantCulture, $"{run.Strategy},{run.Seed},{b},{C(best)},{C(_optimum - best)},{C(run.Duration.TotalSeconds)}");
            }
        }
        var csv = Path.Combine(directory, "compare.csv");
        var runsCsv = Path.Combine(directory, "compare-runs.csv");
        File.WriteAllText(csv, summary.ToString());
        File.WriteAllText(runsCsv, perRun.ToString());
        var png = Path.Combine(directory, "compare.png");
        // The first few evaluations dwarf the rest; show the range from the 10th evaluation on.
        var tail = _runs.SelectMany(r => r.BestSoFar.Skip(9)).Where(double.IsFinite).Select(v => _optimum is { } m ? m - v : v).ToList();
        (double, double)? range = tail.Count == 0 ? null
            : _optimum is null ? (tail.Min(), tail.Max() + 0.05 * (tail.Max() - tail.Min()))
            : (0, tail.Max() * 1.05 + 1e-9);
        var chart = new Chart(_optimum is null ? "Best so far (mean ± standard error over seeds)" : "Regret (mean ± standard error over seeds)",
            "evaluations", _optimum is null ? "best so far" : "regret")
        { YRange = range, LegendAlignment = _optimum is null ? ScottPlot.Alignment.LowerRight : ScottPlot.Alignment.UpperRight };
        foreach (var strategy in _runs.Select(r => r.Strategy).Distinct())
        {
            var curves = _runs.Where(r => r.Strategy == strategy).Select(r => r.BestSoFar).ToList();
            var length = curves.Min(c => c.Count);
            var x = Enumerable.Range(1, length).Select(i => (double)i).ToArray();
            var values = Enumerable.Range(0, length).Select(i => curves.Select(c => _optimum is { } o ? o - c[i] : c[i]).ToList()).ToList();
            chart.Add($"{strategy} ({curves.Count} seeds)", x, [.. values.Select(v => Mean(v))], [.. values.Select(v => StandardError(v))]);
        }
        chart.SavePng(png);
        return [csv, runsCsv, png];
    }

    private ComparisonRow Summarize(string strategy, int budget)
    {
        var bests = _runs.Where(r => r.Strategy == strategy && r.BestSoFar.Count >= budget).Select(r => r.BestSoFar[budget - 1]).ToList();
        var regrets = _optimum is { } o ? bests.Select(b => o - b).ToList() : [];
        return new ComparisonRow(strategy, budget, bests.Count, Mean(bests), StandardError(bests),
            _optimum is null ? double.NaN : Mean(regrets), _optimum is null ? double.NaN : StandardError(regrets));
    }

    /// <summary>The mean of the finite values; NaN when none.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }

    /// <summary>The standard error of the mean (sample standard deviation / √n) of the finite values; NaN below two.</summary>
    public static double StandardError(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count < 2) return double.NaN;
        var mean = finite.Average();
        return Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Count - 1) / finite.Count);
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "–";

    private static string C(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
