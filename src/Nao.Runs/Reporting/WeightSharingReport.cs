using System.Globalization;
using System.Text;
using Nao.Benchmarks;
using Nao.Experiments;
using Nao.Metrics;
using Nao.Storage;
using Nao.WeightSharing;

namespace Nao.Reporting;

/// <summary>
/// The weight-sharing sections of a run's report: the supernet's training curve (<c>supernet-curve.png</c>), the
/// shared-weight scores of each round's pool and proposals, and, after <c>--final-train</c>, the stand-alone
/// results with the rank correlation between shared-weight and stand-alone scores (DESIGN.md section 6) and the
/// search's best against the median of the random baseline.
/// </summary>
internal static class WeightSharingReport
{
    public static void Append(StringBuilder md, RunStore store, IReadOnlyList<Trial> trials, List<string> written)
    {
        var curve = store.Curve();
        md.AppendLine("## Supernet");
        md.AppendLine();
        if (curve.Count == 0)
        {
            md.AppendLine("The supernet has not finished an epoch yet.");
            md.AppendLine();
        }
        else
        {
            var png = Path.Combine(store.Directory, "supernet-curve.png");
            new Chart("Supernet training loss (one pool architecture per mini-batch)", "epoch", "mean training loss, cross-entropy in nats")
                .Add("loss", [.. curve.Select(e => (double)e.Epoch)], [.. curve.Select(e => e.Loss)], markers: true)
                .SavePng(png);
            written.Add(png);
            md.AppendLine("![supernet training curve](supernet-curve.png)");
            md.AppendLine();
            md.AppendLine("| epoch | loss | training metric | mini-batches | seconds |");
            md.AppendLine("|---:|---:|---:|---:|---:|");
            foreach (var e in curve) md.AppendLine(CultureInfo.InvariantCulture, $"| {e.Epoch} | {F(e.Loss)} | {F(e.Metric)} | {e.Batches} | {F(e.Duration.TotalSeconds)} |");
            md.AppendLine();
        }

        var rounds = trials.Where(t => t.Status == TrialStatus.Ok).GroupBy(t => t.Round).OrderBy(g => g.Key).ToList();
        if (rounds.Count > 0)
        {
            md.AppendLine("Shared-weight scores per round (each round's scores come from the supernet as trained at the start of that round):");
            md.AppendLine();
            md.AppendLine("| round | pool | pool mean | pool best | new | new mean | new best |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var round in rounds)
            {
                var pool = round.Where(t => (string?)t.Record["phase"] == "pool").Select(t => t.Score).ToList();
                var fresh = round.Where(t => (string?)t.Record["phase"] == "new").Select(t => t.Score).ToList();
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {round.Key} | {pool.Count} | {F(Mean(pool))} | {F(Max(pool))} | {fresh.Count} | {F(Mean(fresh))} | {F(Max(fresh))} |");
            }
            md.AppendLine();
        }

        AppendGroundTruth(md, trials);

        var standalone = store.LoadStandalone();
        if (standalone.Count == 0) return;
        md.AppendLine("## Stand-alone retraining");
        md.AppendLine();
        md.AppendLine("The search's top architectures by their last shared-weight score, and random architectures as the baseline, each trained from scratch with the `--training` settings and scored with the final supernet.");
        md.AppendLine();
        md.AppendLine("| role | rank | shared-weight score | stand-alone score | seconds | architecture |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in standalone)
        {
            var score = r.Status == TrialStatus.Ok ? F(r.Score) : $"failed: {r.Error}";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Role} | {r.Rank} | {F(r.SharedScore)} | {score} | {F(r.Seconds)} | `{r.Genotype.Canonical}` |");
        }
        md.AppendLine();
        var both = standalone.Where(r => r.Status == TrialStatus.Ok && double.IsFinite(r.SharedScore)).ToList();
        if (both.Count >= 3)
        {
            var shared = both.Select(r => r.SharedScore).ToList();
            var alone = both.Select(r => r.Score).ToList();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Rank correlation between shared-weight and stand-alone scores over {both.Count} architectures: Spearman **{F(Ranking.Spearman(shared, alone))}**, Kendall's tau {F(Ranking.KendallTau(shared, alone))}.");
            md.AppendLine();
        }
        var top = standalone.Where(r => r.Role == "top" && r.Status == TrialStatus.Ok).ToList();
        var random = standalone.Where(r => r.Role == "random" && r.Status == TrialStatus.Ok).Select(r => r.Score).Order().ToList();
        if (top.Count > 0 && random.Count > 0)
        {
            var best = top.MaxBy(r => r.Score)!;
            var searchBest = top.First(r => r.Rank == top.Min(t => t.Rank));
            var median = random.Count % 2 == 1 ? random[random.Count / 2] : (random[random.Count / 2 - 1] + random[random.Count / 2]) / 2;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"The search's pick (rank {searchBest.Rank}) scores {F(searchBest.Score)} stand-alone, the best of the top {top.Count} {F(best.Score)}; the median of {random.Count} random architectures is {F(median)}: the pick **{(searchBest.Score > median ? "beats" : "does not beat")}** the random median.");
            md.AppendLine();
        }
    }

    /// <summary>
    /// One-shot results on NAS-Bench-201's CIFAR-10 validation set (200-epoch accuracy of the pick, %, mean ± std over
    /// runs), as published with the benchmark and quoted in Termritthikun et al., "EEEA-Net" (2021), Table 9.
    /// </summary>
    private static readonly (string Method, string Accuracy)[] Published =
    [
        ("ENAS (Pham et al. 2018)", "39.77 ± 0.00"),
        ("DARTS (Liu et al. 2019)", "39.77 ± 0.00"),
        ("RSPS (Li and Talwalkar 2019)", "84.16 ± 1.69"),
        ("GDAS (Dong and Yang 2019)", "90.01 ± 0.46"),
    ];

    /// <summary>
    /// The shared-weight scores against the table's truth (issue 16, part 3), when the supernet recorded it
    /// (<see cref="GroundTruth.Metric"/>): rank correlations over all scored architectures and over the table's top
    /// 20%, and the pick's table accuracy against the table's best and published one-shot methods.
    /// </summary>
    internal static void AppendGroundTruth(StringBuilder md, IReadOnlyList<Trial> trials)
    {
        if (!trials.Any(t => t.Metrics.ContainsKey(GroundTruth.Metric))) return;
        var table = TabularBenchmark.Nb201;
        var values = table.Architectures.Select(g => table.Lookup(g) ?? double.NaN).Where(double.IsFinite).ToList();
        if (GroundTruth.Summarize(trials, values) is not { } truth) return;
        md.AppendLine("## Ground truth (NAS-Bench-201)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Each scored architecture's shared-weight score (its last) against its table accuracy (`{TabularBenchmark.DefaultMetric}`, recorded as `{GroundTruth.Metric}`, never the score):");
        md.AppendLine();
        md.AppendLine("| architectures | count | Kendall's tau | Spearman |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| all scored | {truth.Count} | **{F(truth.Kendall)}** | {F(truth.Spearman)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| in the table's top 20% (≥ {F(truth.TopThreshold)}) | {truth.TopCount} | {F(truth.TopKendall)} | {F(truth.TopSpearman)} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"The pick (highest last shared-weight score, {F(truth.PickScore)}) `{truth.Pick.Canonical}` has table accuracy **{F(truth.PickTruth)}**; the best scored architecture {F(truth.BestScored)}; the table's best {F(truth.TableBest)}.");
        md.AppendLine();
        md.AppendLine("| one-shot method (published) | CIFAR-10 valid, % |");
        md.AppendLine("|---|---:|");
        foreach (var (method, accuracy) in Published) md.AppendLine(CultureInfo.InvariantCulture, $"| {method} | {accuracy} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| this search's pick | {F(truth.PickTruth)} |");
        md.AppendLine();
    }

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : "–";
}
