using Nao.Experiments;
using Nao.Metrics;

namespace Nao.Reporting;

/// <summary>
/// What one round of a search produced: its new architectures' mean real score and, for NAO, their mean predicted
/// score mapped back to the score scale (the paper's Fig. 2b) and the predictor's pairwise accuracy on them, which it
/// had not been trained on (the paper's acc_f, Fig. 2a).
/// </summary>
/// <param name="Round">0 = the initial random pool.</param>
/// <param name="Trials">Trials of the round.</param>
/// <param name="Optimized">Trials proposed by the optimizer (the rest are random).</param>
/// <param name="Ok">Trials that scored.</param>
/// <param name="MeanScore">Mean real score of the trials that scored; NaN when none.</param>
/// <param name="MeanPredicted">Mean predicted score of the optimized trials that scored, in score units; NaN when none.</param>
/// <param name="PairwiseAccuracy">Share of correctly ordered pairs, predicted against real, among optimized trials; NaN below two.</param>
/// <param name="Best">Best score of the round; NaN when none scored.</param>
public sealed record RoundStatistics(int Round, int Trials, int Optimized, int Ok, double MeanScore, double MeanPredicted, double PairwiseAccuracy, double Best)
{
    /// <summary>
    /// Statistics of every round, in order. <paramref name="rankNormalized"/>: the predictor was trained on score ranks
    /// (quantiles in the pool) rather than min-max scaled scores, so predictions map back through the pool's quantiles.
    /// </summary>
    public static IReadOnlyList<RoundStatistics> From(IReadOnlyList<Trial> trials, bool rankNormalized = false) =>
    [
        .. trials.GroupBy(t => t.Round).OrderBy(g => g.Key).Select(group =>
        {
            var ok = group.Where(t => t.Status == TrialStatus.Ok).ToList();
            var optimized = group.Where(t => (string?)t.Record["origin"] == "nao").ToList();
            var firstIndex = group.Min(t => t.Index);
            var pool = rankNormalized ? trials.Where(t => t.Index < firstIndex && t.Status == TrialStatus.Ok).Select(t => t.Score).Order().ToArray() : null;
            var scored = optimized.Where(t => t.Status == TrialStatus.Ok && PredictedScore(t, pool) is not null).ToList();
            var predicted = scored.Select(t => PredictedScore(t, pool)!.Value).ToList();
            return new RoundStatistics(group.Key, group.Count(), optimized.Count, ok.Count,
                ok.Count > 0 ? ok.Average(t => t.Score) : double.NaN,
                predicted.Count > 0 ? predicted.Average() : double.NaN,
                scored.Count >= 2 ? Ranking.PairwiseAccuracy(predicted, [.. scored.Select(t => t.Score)]) : double.NaN,
                ok.Count > 0 ? ok.Max(t => t.Score) : double.NaN);
        }),
    ];

    /// <summary>
    /// A NAO trial's predicted score in score units. With min-max normalization (the default) the prediction maps back
    /// through the fit pool's range (<c>pool_min</c>, <c>pool_max</c> in the trial's record); with rank normalization,
    /// through the quantiles of the sorted <paramref name="rankPool"/> scores.
    /// </summary>
    public static double? PredictedScore(Trial trial, IReadOnlyList<double>? rankPool = null)
    {
        var record = trial.Record;
        if (record["predicted_after"] is not { } node) return null;
        var p = Math.Clamp((double)node, 0, 1);
        if (rankPool is not null)
        {
            if (rankPool.Count == 0) return null;
            var position = p * (rankPool.Count - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, rankPool.Count - 1);
            return rankPool[low] + (position - low) * (rankPool[high] - rankPool[low]);
        }
        if (record["pool_min"] is not { } min || record["pool_max"] is not { } max) return null;
        return (double)min + p * ((double)max - (double)min);
    }
}
