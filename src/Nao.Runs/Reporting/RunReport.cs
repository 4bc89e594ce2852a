using System.Globalization;
using System.Text;
using System.Text.Json;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Rendering;
using Nao.Storage;
using Nao.Search;

namespace Nao.Reporting;

/// <summary>
/// Writes a run's report into its folder: <c>report.md</c>, <c>best-so-far.png</c>, for searches with rounds
/// <c>rounds.png</c> (real and predicted mean score of each round's new architectures, the paper's Fig. 2b) and
/// <c>pairwise-accuracy.png</c> (charts from <see cref="RunPlots"/>), and <c>best.svg</c> (the best architecture's drawing).
/// </summary>
public static class RunReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.md";

    /// <summary>The status as people should read it: a run marked running that no process holds was interrupted.</summary>
    public static string StatusText(RunStore store) => store.IsInterrupted ? "interrupted" : store.Status.ToString().ToLowerInvariant();

    /// <summary>Writes the report; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(RunStore store)
    {
        var trials = store.LoadTrials();
        var options = store.Options;
        var dir = store.Directory;
        var written = new List<string>();
        var reference = BenchmarkReference(options);
        var best = trials.Where(t => t.Status == TrialStatus.Ok).OrderByDescending(t => t.Score).ThenBy(t => t.Index).FirstOrDefault();
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Search report: {Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/'))}");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        Row(md, "space", options.Space);
        Row(md, "strategy", options.Strategy);
        Row(md, "evaluator", options.Evaluator == SearchFactory.BenchmarkEvaluator ? $"benchmark: {reference?.Name ?? options.Benchmark.BenchmarkPath ?? "embedded NAS-Bench-201"} ({options.Benchmark.Metric})" : options.Evaluator);
        Row(md, "seed", options.Seed.ToString(CultureInfo.InvariantCulture));
        Row(md, "budget", $"{options.Loop.Budget} evaluations, {options.Loop.Parallel} in parallel");
        Row(md, "status", StatusText(store) + (store.Error is { Length: > 0 } e ? $" ({e})" : ""));
        Row(md, "trials", $"{trials.Count} ({trials.Count(t => t.Status == TrialStatus.Ok)} ok, {trials.Count(t => t.Status == TrialStatus.Failed)} failed, {trials.Count(t => t.Status == TrialStatus.Pending)} pending)");
        Row(md, "evaluation time", $"{trials.Sum(t => t.Finished is { } f ? (f - t.Started).TotalSeconds : 0):0.0} s in total");
        Row(md, "created", store.Created.ToString("u", CultureInfo.InvariantCulture) + $" by Nao {store.Version}");
        md.AppendLine();
        if (store.Damage.Count > 0 || store.UnverifiedTrials > 0)
        {
            md.AppendLine("## Damaged store");
            md.AppendLine();
            foreach (var line in store.Damage) md.AppendLine(CultureInfo.InvariantCulture, $"- Left out of this report: {line}");
            if (store.UnverifiedTrials > 0) md.AppendLine(CultureInfo.InvariantCulture, $"- {store.UnverifiedTrials} trials were written by a Nao without row checksums and are not verified.");
            md.AppendLine();
        }

        md.AppendLine("## Best architecture");
        md.AppendLine();
        if (best is null)
        {
            md.AppendLine("No trial has a score yet.");
        }
        else
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Trial {best.Index} (round {best.Round}), score **{F(best.Score)}**, found after {best.Index + 1} evaluations.");
            if (reference is { } r && best.Metrics.TryGetValue(r.Metric, out var exact))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Regret against the table's best {r.Metric} ({F(r.Best)}): **{F(r.Best - exact)}**.");
            }
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"`{best.Genotype.Canonical}`");
            md.AppendLine();
            if (best.Metrics.Count > 0) md.AppendLine("Metrics: " + string.Join(", ", best.Metrics.Select(m => $"{m.Key} = {F(m.Value)}")) + ".");
            md.AppendLine();
            md.AppendLine("```");
            md.Append(TextDrawing.Draw(best.Genotype));
            md.AppendLine("```");
            if (CellGraph.CanDraw(best.Genotype))
            {
                // A space file's architectures have no cell graph; their text lines above are the drawing.
                var svg = Path.Combine(dir, "best.svg");
                File.WriteAllText(svg, SvgDrawing.Render(best.Genotype, $"best of {options.Strategy} (seed {options.Seed}): {F(best.Score)}"));
                written.Add(svg);
                md.AppendLine();
                md.AppendLine("![best architecture](best.svg)");
            }
        }
        md.AppendLine();

        if (LearningCurvePlot.HasCurves(trials))
        {
            var curvesPng = Path.Combine(dir, "learning-curves.png");
            LearningCurvePlot.SavePng(trials, RunPlots.ScoreLabel(options), curvesPng);
            written.Add(curvesPng);
            var stopped = trials.Count(t => t.Status == TrialStatus.Stopped);
            md.AppendLine("## Learning curves");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Each trial's score per step as its evaluator measured it; {stopped} trial(s) stopped early (orange, a cross where the rule stopped them; the reason is in run.db).");
            md.AppendLine();
            md.AppendLine("![learning curves](learning-curves.png)");
            md.AppendLine();
        }

        if (trials.Count > 0)
        {
            var curve = Curves.BestSoFar(trials);
            var png = Path.Combine(dir, "best-so-far.png");
            RunPlots.BestSoFar(trials, options, reference?.Best).SavePng(png);
            written.Add(png);
            md.AppendLine("## Best so far");
            md.AppendLine();
            md.AppendLine("![best so far](best-so-far.png)");
            md.AppendLine();
            md.AppendLine("| evaluations | best score |" + (reference is null ? "" : " regret |"));
            md.AppendLine("|---:|---:|" + (reference is null ? "" : "---:|"));
            var exactCurve = reference is { } rr ? Curves.BestSoFar(trials, t => t.Metrics.GetValueOrDefault(rr.Metric, double.NaN)) : null;
            foreach (var n in Milestones(trials.Count))
            {
                var regret = exactCurve is null ? "" : $" {F(reference!.Value.Best - exactCurve[n - 1])} |";
                md.AppendLine(CultureInfo.InvariantCulture, $"| {n} | {F(curve[n - 1])} |{regret}");
            }
            md.AppendLine();
        }

        var rankNormalized = string.Equals((string?)options.Controller?["normalization"], "rank", StringComparison.OrdinalIgnoreCase);
        var rounds = RoundStatistics.From(trials, rankNormalized);
        if (rounds.Count > 1)
        {
            var fits = store.Checkpoints().ToDictionary(c => c.Round, c => c.Fit);
            md.AppendLine("## Rounds");
            md.AppendLine();
            md.AppendLine("Round 0 is the initial random pool. *Predicted* is the predictor's mean score for the round's new architectures before they were evaluated (mapped from its [0, 1] scale back to scores through the training pool: its range for min-max normalization, its quantiles for rank normalization); *pairwise accuracy* is the share of pairs of them it ordered correctly (the paper's Fig. 2).");
            md.AppendLine();
            md.AppendLine("| round | trials | from optimizer | mean score | mean predicted | pairwise accuracy | best | fit loss | fit MSE | fit CE | fit seconds |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in rounds)
            {
                var fit = fits.GetValueOrDefault(s.Round);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {s.Round} | {s.Trials} | {s.Optimized} | {F(s.MeanScore)} | {F(s.MeanPredicted)} | {F(s.PairwiseAccuracy)} | {F(s.Best)} | {F(fit?.Loss)} | {F(fit?.PredictorMse)} | {F(fit?.DecoderCrossEntropy)} | {F(fit?.Duration.TotalSeconds)} |");
            }
            md.AppendLine();
            var roundsPng = Path.Combine(dir, "rounds.png");
            var roundsChart = RunPlots.Rounds(rounds, options);
            roundsChart.SavePng(roundsPng);
            var pairPng = Path.Combine(dir, "pairwise-accuracy.png");
            RunPlots.PairwiseAccuracy(rounds).SavePng(pairPng);
            written.Add(roundsPng);
            written.Add(pairPng);
            md.AppendLine("![rounds](rounds.png)");
            md.AppendLine();
            if (roundsChart.Note is { } note)
            {
                md.AppendLine($"The rounds chart's y range covers rounds 1 and later: {note}.");
                md.AppendLine();
            }
            md.AppendLine("![pairwise accuracy](pairwise-accuracy.png)");
            md.AppendLine();
        }

        if (options.Evaluator == SearchFactory.WeightSharingEvaluator) WeightSharingReport.Append(md, store, trials, written);
        if (options.Objectives.IsActive) ParetoReport.Append(md, dir, trials, options, written);

        md.AppendLine("## Top 10 trials");
        md.AppendLine();
        md.AppendLine("| trial | round | score | architecture |");
        md.AppendLine("|---:|---:|---:|---|");
        foreach (var t in trials.Where(t => t.Status == TrialStatus.Ok).OrderByDescending(t => t.Score).ThenBy(t => t.Index).Take(10))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Index} | {t.Round} | {F(t.Score)} | `{t.Genotype.Canonical}` |");
        }
        md.AppendLine();
        var failed = trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## Failed trials ({failed.Count})");
            md.AppendLine();
            foreach (var t in failed.Take(20)) md.AppendLine(CultureInfo.InvariantCulture, $"- trial {t.Index}: {t.Error}");
            md.AppendLine();
        }
        md.AppendLine("## Options");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(JsonSerializer.Serialize(options, RunJson.Options));
        md.AppendLine("```");
        var report = Path.Combine(dir, FileName);
        AtomicFile.WriteAllText(report, md.ToString());
        written.Insert(0, report);
        return written;
    }

    /// <summary>The table's best value of the searched metric, when the run used a benchmark that can be loaded.</summary>
    public static (string Name, string Metric, double Best)? BenchmarkReference(SearchOptions options)
    {
        if (options.Evaluator != SearchFactory.BenchmarkEvaluator) return null;
        try
        {
            var evaluator = TabularEvaluator.Create(options.Benchmark);
            return (evaluator.Table.Source, evaluator.Metric, evaluator.Table.Best(evaluator.Metric));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or SearchSpaces.UnknownNameException)
        {
            return null;
        }
    }

    /// <summary>Evaluation counts worth a row: 10, 25, 50, 100, 200, … up to the total, and the total.</summary>
    internal static IEnumerable<int> Milestones(int total) =>
        new[] { 10, 25, 50, 100, 200, 300, 400, 500, 1000, 2000, 5000 }.Where(n => n < total).Append(total);

    private static void Row(StringBuilder md, string name, string value) => md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");

    private static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–";
}
