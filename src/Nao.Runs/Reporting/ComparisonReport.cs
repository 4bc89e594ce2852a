using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nao.Experiments;

namespace Nao.Reporting;

/// <summary>
/// Mean ± standard error of the best value and of the regret at several budgets, per strategy, as a text table, a CSV
/// (<c>compare.csv</c>: one row per strategy and budget; <c>compare-runs.csv</c>: one row per search and budget) and
/// a plot of mean regret against evaluations (<c>compare.png</c>), the table with the figure and its caption as
/// <c>compare.md</c>, and every figure as one JSON object (<c>nao compare --json</c>).
/// </summary>
public sealed class ComparisonReport
{
    private readonly IReadOnlyList<ComparisonRun> _runs;
    private readonly double? _optimum;
    private readonly string? _metric;

    /// <summary>
    /// Summarizes runs; <paramref name="optimum"/> is the table's best value (null when unknown: no regret), and
    /// <paramref name="metric"/> the table column the values come from (null: the search's score).
    /// </summary>
    public ComparisonReport(IReadOnlyList<ComparisonRun> runs, double? optimum, string? metric = null)
    {
        _runs = runs;
        _optimum = optimum;
        _metric = metric;
        Plot = new ComparisonPlot(runs, optimum, metric);
        var budget = runs.Max(r => r.BestSoFar.Count);
        Budgets = [.. new[] { 50, 100, 200 }.Where(b => b < budget).Append(budget)];
        Rows = [.. runs.Select(r => r.Strategy).Distinct().SelectMany(s => Budgets.Select(b => Summarize(s, b)))];
    }

    /// <summary>The budgets summarized: 50, 100 and 200 where below the searches' budget, and that budget.</summary>
    public IReadOnlyList<int> Budgets { get; }

    /// <summary>One row per strategy and budget.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The plot written as <c>compare.png</c>.</summary>
    public ComparisonPlot Plot { get; }

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

    /// <summary>Writes <c>compare.csv</c>, <c>compare-runs.csv</c>, <c>compare.png</c> and <c>compare.md</c> into a folder; returns the paths.</summary>
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
        Plot.SavePng(png);
        var markdown = Path.Combine(directory, "compare.md");
        File.WriteAllText(markdown, ToMarkdown());
        return [csv, runsCsv, png, markdown];
    }

    /// <summary>
    /// Every figure of the table as one JSON object: per strategy and budget the mean and standard error of the best
    /// value and the regret and each seed's values, per search its folder and time; NaN (undefined) is null.
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["metric"] = _metric,
        ["optimum"] = _optimum,
        ["budgets"] = new JsonArray([.. Budgets.Select(b => (JsonNode)b)]),
        ["strategies"] = new JsonArray([.. _runs.Select(r => r.Strategy).Distinct().Select(s => (JsonNode)new JsonObject
        {
            ["strategy"] = s,
            ["seeds"] = new JsonArray([.. _runs.Where(r => r.Strategy == s).Select(r => (JsonNode)r.Seed)]),
            ["budgets"] = new JsonArray([.. Rows.Where(row => row.Strategy == s).Select(row => (JsonNode)new JsonObject
            {
                ["budget"] = row.Budget,
                ["seeds"] = row.Seeds,
                ["best_mean"] = N(row.BestMean),
                ["best_se"] = N(row.BestSe),
                ["regret_mean"] = N(row.RegretMean),
                ["regret_se"] = N(row.RegretSe),
                ["per_seed"] = new JsonArray([.. _runs.Where(r => r.Strategy == s && r.BestSoFar.Count >= row.Budget).Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["best"] = N(r.BestSoFar[row.Budget - 1]),
                    ["regret"] = N(_optimum - r.BestSoFar[row.Budget - 1]),
                })]),
            })]),
        })]),
        ["runs"] = new JsonArray([.. _runs.Select(r => (JsonNode)new JsonObject
        {
            ["strategy"] = r.Strategy,
            ["seed"] = r.Seed,
            ["run"] = r.Run,
            ["evaluations"] = r.BestSoFar.Count,
            ["best"] = N(r.BestSoFar.Count == 0 ? null : r.BestSoFar[^1]),
            ["regret"] = N(r.BestSoFar.Count == 0 ? null : _optimum - r.BestSoFar[^1]),
            ["seconds"] = r.Duration.TotalSeconds,
        })]),
        ["caption"] = Plot.Caption,
    };

    /// <summary><c>compare.md</c>: the table, the figure and its caption.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Comparison of {string.Join(", ", _runs.Select(r => r.Strategy).Distinct())}");
        md.AppendLine();
        md.AppendLine(_optimum is null ? "| strategy | budget | seeds | best (mean ± se) |" : "| strategy | budget | seeds | best (mean ± se) | regret (mean ± se) |");
        md.AppendLine(_optimum is null ? "|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var row in Rows)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {row.Strategy} | {row.Budget} | {row.Seeds} | {F(row.BestMean)} ± {F(row.BestSe)} |");
            md.AppendLine(_optimum is null ? "" : $" {F(row.RegretMean)} ± {F(row.RegretSe)} |");
        }
        md.AppendLine();
        md.AppendLine("![regret against evaluations](compare.png)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"*{Plot.Caption}*");
        return md.ToString();
    }

    private static double? N(double? value) => value is { } v && double.IsFinite(v) ? v : null;

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
