using Nao.Experiments;
using Nao.Genotypes;
using Nao.Metrics;

namespace Nao.WeightSharing;

/// <summary>
/// How well shared-weight scores rank architectures against a table's ground truth (issue 16, part 3): a supernet of
/// a tabular space records each scored architecture's table value as the metric <see cref="Metric"/> (never as the
/// score); this compares the two. Each architecture counts once, with its last shared-weight score (the supernet's
/// latest state), and the pick is the architecture with the highest last score, as <see cref="FinalTraining"/> ranks.
/// </summary>
public static class GroundTruth
{
    /// <summary>The trial metric holding the table's accuracy: NAS-Bench-201's 200-epoch CIFAR-10 validation accuracy, %.</summary>
    public const string Metric = "table_c10valid_val200_mean";

    /// <summary>The share of the table that counts as its top (the top 20%).</summary>
    public const double TopShare = 0.2;

    /// <summary>
    /// The comparison over <paramref name="trials"/> (in index order; only finished ones with the metric count), with
    /// the top of the table taken from <paramref name="tableValues"/>, every value of the table's metric.
    /// Null when no trial has the metric.
    /// </summary>
    public static GroundTruthSummary? Summarize(IReadOnlyList<Trial> trials, IReadOnlyList<double> tableValues)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(tableValues);
        var last = new Dictionary<Genotype, (double Score, double Truth, int Order)>();
        foreach (var trial in trials.Where(t => t.Status == TrialStatus.Ok && double.IsFinite(t.Score)))
        {
            if (!trial.Metrics.TryGetValue(Metric, out var truth) || !double.IsFinite(truth)) continue;
            var order = last.TryGetValue(trial.Genotype, out var seen) ? seen.Order : last.Count;
            last[trial.Genotype] = (trial.Score, truth, order);
        }
        if (last.Count == 0) return null;
        var entries = last.OrderBy(e => e.Value.Order).Select(e => (e.Key, e.Value.Score, e.Value.Truth)).ToList();
        var threshold = TopThreshold(tableValues);
        var top = entries.Where(e => e.Truth >= threshold).ToList();
        var pick = entries.OrderByDescending(e => e.Score).First();
        return new GroundTruthSummary(
            entries.Count,
            Correlation(entries, Ranking.KendallTau),
            Correlation(entries, Ranking.Spearman),
            top.Count,
            threshold,
            Correlation(top, Ranking.KendallTau),
            Correlation(top, Ranking.Spearman),
            pick.Key,
            pick.Score,
            pick.Truth,
            entries.Max(e => e.Truth),
            tableValues.Count > 0 ? tableValues.Max() : double.NaN);
    }

    /// <summary>The smallest value in the top <see cref="TopShare"/> of the table (its 80th percentile, by rank).</summary>
    public static double TopThreshold(IReadOnlyList<double> tableValues)
    {
        if (tableValues.Count == 0) return double.NaN;
        var sorted = tableValues.Where(double.IsFinite).OrderDescending().ToList();
        var count = Math.Max(1, (int)Math.Ceiling(sorted.Count * TopShare));
        return sorted[count - 1];
    }

    private static double Correlation(List<(Genotype Genotype, double Score, double Truth)> entries, Func<IReadOnlyList<double>, IReadOnlyList<double>, double> measure) =>
        entries.Count < 2 ? double.NaN : measure([.. entries.Select(e => e.Score)], [.. entries.Select(e => e.Truth)]);
}

/// <summary>Shared-weight scores against a table (see <see cref="GroundTruth.Summarize"/>).</summary>
/// <param name="Count">Architectures scored (each once).</param>
/// <param name="Kendall">Kendall's tau-b between last shared-weight scores and table values over all of them.</param>
/// <param name="Spearman">Spearman's rank correlation over all of them.</param>
/// <param name="TopCount">Scored architectures in the table's top 20%.</param>
/// <param name="TopThreshold">The table value that starts its top 20%.</param>
/// <param name="TopKendall">Kendall's tau-b over those in the table's top 20% (NaN for fewer than 2).</param>
/// <param name="TopSpearman">Spearman over those in the table's top 20%.</param>
/// <param name="Pick">The architecture with the highest last shared-weight score.</param>
/// <param name="PickScore">Its shared-weight score.</param>
/// <param name="PickTruth">Its table value.</param>
/// <param name="BestScored">The best table value among the scored architectures.</param>
/// <param name="TableBest">The table's best value.</param>
public sealed record GroundTruthSummary(int Count, double Kendall, double Spearman, int TopCount, double TopThreshold, double TopKendall, double TopSpearman,
    Genotype Pick, double PickScore, double PickTruth, double BestScored, double TableBest);
