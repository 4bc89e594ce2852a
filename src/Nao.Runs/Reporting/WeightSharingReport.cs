using System.Globalization;
using System.Text;
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

    private static double Mean(List<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : "–";
}
