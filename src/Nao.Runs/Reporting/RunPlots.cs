using System.Globalization;
using Nao.Experiments;
using Nao.Search;

namespace Nao.Reporting;

/// <summary>
/// The charts of a run's report, each naming its metric and unit on its axes: the best score so far (with the table's
/// optimum when the run scored against a table), the mean real and predicted score of each round (the paper's Fig. 2b)
/// and the predictor's pairwise accuracy per round (with chance, 0.5).
/// </summary>
public static class RunPlots
{
    /// <summary>
    /// What the run's score is, with its unit, as an axis label ("QUANTITY, UNIT" as in compare.png): the table's accuracy in percent, a trained child's
    /// dev accuracy as a fraction, or −ln(perplexity) for language models.
    /// </summary>
    public static string ScoreLabel(SearchOptions options)
    {
        var text = options.Space == "enas-rnn";
        return options.Evaluator switch
        {
            // The table's columns are named as compare.png names them (MetricLabel), noise added where there is some.
            SearchFactory.BenchmarkEvaluator or SearchFactory.SleepEvaluator => MetricLabel.Describe(options.Benchmark.Metric)
                + (options.Benchmark.NoiseStd > 0 ? $", noise σ={options.Benchmark.NoiseStd.ToString(CultureInfo.InvariantCulture)} added" : ""),
            SearchFactory.TrainEvaluator => text ? "−ln(validation perplexity), nats per token" : "dev accuracy, fraction",
            SearchFactory.WeightSharingEvaluator => text ? "shared-weight −ln(dev perplexity), nats per token" : "shared-weight dev accuracy, fraction",
            _ => "score",
        };
    }

    /// <summary>
    /// The best score after each evaluation, with a dashed line at the table's optimum of the searched metric when
    /// the run used a table (<paramref name="optimum"/>).
    /// </summary>
    public static Chart BestSoFar(IReadOnlyList<Trial> trials, SearchOptions options, double? optimum)
    {
        var curve = Curves.BestSoFar(trials);
        var chart = new Chart($"Best so far: {options.Strategy} on {options.Space}, seed {options.Seed}", "evaluations", "best " + ScoreLabel(options))
            .Add("best so far", [.. Enumerable.Range(1, curve.Length).Select(i => (double)i)], curve);
        if (optimum is { } best) chart.AddReferenceLine($"table optimum ({best.ToString("0.##", CultureInfo.InvariantCulture)})", best);
        return chart;
    }

    /// <summary>
    /// Mean real and predicted score of each round's new architectures. The y limits come from the later rounds, so
    /// that round 0 (the random pool, usually far below) does not squeeze them; the note says what lies outside.
    /// </summary>
    public static Chart Rounds(IReadOnlyList<RoundStatistics> rounds, SearchOptions options)
    {
        var x = rounds.Select(s => (double)s.Round).ToArray();
        var (range, note) = RoundsRange(rounds);
        return new Chart("Mean score of each round's new architectures (cf. NAO Fig. 2b)", "round (0 = initial random pool)", "mean " + ScoreLabel(options))
        {
            YRange = range, Note = note, IntegerX = true,
        }
            .Add("real (evaluated)", x, [.. rounds.Select(s => s.MeanScore)], markers: true)
            .Add("predicted (before evaluation)", x, [.. rounds.Select(s => s.MeanPredicted)], markers: true);
    }

    /// <summary>The predictor's pairwise accuracy on each round's new architectures, on [0, 1] with chance at 0.5.</summary>
    public static Chart PairwiseAccuracy(IReadOnlyList<RoundStatistics> rounds) =>
        new Chart("Predictor pairwise accuracy on each round's new architectures", "round", "pairwise accuracy (share of pairs ordered right)")
        {
            YRange = (0, 1.02), IntegerX = true,
        }
            .Add("pairwise accuracy", [.. rounds.Select(s => (double)s.Round)], [.. rounds.Select(s => s.PairwiseAccuracy)], markers: true)
            .AddReferenceLine("chance (0.5)", 0.5);

    /// <summary>
    /// The y limits of the rounds chart: the span of the real and predicted means of rounds 1 and later, padded by a
    /// tenth; null (fit everything) when those are all inside it anyway or there are none. The note names the points
    /// of round 0 that fall outside.
    /// </summary>
    internal static ((double Min, double Max)? Range, string? Note) RoundsRange(IReadOnlyList<RoundStatistics> rounds)
    {
        var later = rounds.Where(s => s.Round > 0).SelectMany(s => new[] { s.MeanScore, s.MeanPredicted }).Where(double.IsFinite).ToList();
        if (later.Count == 0) return (null, null);
        var (min, max) = (later.Min(), later.Max());
        var pad = Math.Max((max - min) * 0.1, Math.Max(Math.Abs(max) * 1e-3, 1e-6));
        (double Min, double Max) range = (min - pad, max + pad);
        var outside = rounds.Where(s => s.Round == 0 && double.IsFinite(s.MeanScore) && (s.MeanScore < range.Min || s.MeanScore > range.Max)).ToList();
        if (outside.Count == 0) return (null, null);
        var value = outside[0].MeanScore;
        return (range, string.Create(CultureInfo.InvariantCulture,
            $"round 0 (random pool, mean {value:0.##}) lies {(value < range.Min ? "below" : "above")} the range shown"));
    }
}
