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
    /// <summary>Statistics of every round, in order.</summary>
    public static IReadOnlyList<RoundStatistics> From(IReadOnlyList<Trial> trials) =>
    [
        .. trials.GroupBy(t => t.Round).OrderBy(g => g.Key).Select(group =>
        {
            var ok = group.Where(t => t.Status == TrialStatus.Ok).ToList();
            var optimized = group.Where(t => (string?)t.Record["origin"] == "nao").ToList();
            var scored = optimized.Where(t => t.Status == TrialStatus.Ok && PredictedScore(t) is not null).ToList();
            var predicted = scored.Select(t => PredictedScore(t)!.Value).ToList();
            return new RoundStatistics(group.Key, group.Count(), optimized.Count, ok.Count,
                ok.Count > 0 ? ok.Average(t => t.Score) : double.NaN,
                predicted.Count > 0 ? predicted.Average() : double.NaN,
                scored.Count >= 2 ? Ranking.PairwiseAccuracy(predicted, [.. scored.Select(t => t.Score)]) : double.NaN,
                ok.Count > 0 ? ok.Max(t => t.Score) : double.NaN);
        }),
    ];

    /// <summary>
    /// A NAO trial's predicted score in score units: the predictor works on scores min-max normalized over the pool it
    /// was fitted on, so the prediction maps back through that pool's range.
    /// </summary>
    public static double? PredictedScore(Trial trial)
    {
        var record = trial.Record;
        if (record["predicted_after"] is not { } p || record["pool_min"] is not { } min || record["pool_max"] is not { } max) return null;
        return (double)min + (double)p * ((double)max - (double)min);
    }
}
