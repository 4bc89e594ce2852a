using System.Globalization;
using System.Text;
using Nao.Experiments;
using Nao.Metrics;
using Nao.Strategies;

namespace Nao.Reporting;

/// <summary>
/// How well NAO's cost heads ranked one round's new architectures by a cost metric before they were evaluated: the
/// pairwise accuracy of the predicted cost (<c>predicted_METRIC</c> in each NAO proposal's record) against the exact
/// cost the trial stored. The heads were not trained on these architectures, as with the score predictor's accuracy.
/// </summary>
/// <param name="Round">The round (1, 2, …).</param>
/// <param name="Metric">The cost metric.</param>
/// <param name="Count">NAO proposals of the round with both a predicted and an exact cost.</param>
/// <param name="PairwiseAccuracy">Share of pairs ordered as their exact costs are (ties in both count as ordered); NaN below two.</param>
public sealed record CostHeadStatistics(int Round, string Metric, int Count, double PairwiseAccuracy)
{
    /// <summary>Per round and metric, in round then metric order; empty when no proposal recorded a predicted cost.</summary>
    public static IReadOnlyList<CostHeadStatistics> From(IReadOnlyList<Trial> trials, IEnumerable<string> metrics) =>
    [
        .. from metric in metrics
           from round in trials.GroupBy(t => t.Round)
           let pairs = round.Where(t => t.Record[NaoStrategy.PredictedCostKey(metric)] is not null && t.Metrics.ContainsKey(metric))
               .Select(t => (Predicted: (double)t.Record[NaoStrategy.PredictedCostKey(metric)]!, Exact: t.Metrics[metric])).ToList()
           where pairs.Count > 0
           orderby round.Key, metric
           select new CostHeadStatistics(round.Key, metric, pairs.Count,
               pairs.Count >= 2 ? Ranking.PairwiseAccuracy([.. pairs.Select(p => p.Predicted)], [.. pairs.Select(p => p.Exact)]) : double.NaN),
    ];

    /// <summary>A Markdown section with one row per round and a column per metric; nothing when there are no statistics.</summary>
    public static void Append(StringBuilder md, IReadOnlyList<CostHeadStatistics> statistics)
    {
        if (statistics.Count == 0) return;
        var metrics = statistics.Select(s => s.Metric).Distinct().ToList();
        md.AppendLine("### Cost heads");
        md.AppendLine();
        md.AppendLine("Pairwise accuracy of NAO's cost heads on each round's new architectures before evaluation: the share of pairs their predicted cost orders as the exact cost does.");
        md.AppendLine();
        md.AppendLine("| round | architectures | " + string.Join(" | ", metrics) + " |");
        md.AppendLine("|---:|---:|" + string.Concat(metrics.Select(_ => "---:|")));
        foreach (var round in statistics.GroupBy(s => s.Round))
        {
            var cells = metrics.Select(m => round.FirstOrDefault(s => s.Metric == m) is { } s && !double.IsNaN(s.PairwiseAccuracy)
                ? s.PairwiseAccuracy.ToString("0.000", CultureInfo.InvariantCulture) : "–");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {round.Key} | {round.Max(s => s.Count)} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
    }
}
