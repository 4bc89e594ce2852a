using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Tests.Experiments;

namespace Nao.Tests.Reporting;

public sealed class ReportingTests
{
    private static Trial T(int index, int round, double score, JsonObject? record = null, TrialStatus status = TrialStatus.Ok) => new()
    {
        Index = index, Round = round, Genotype = Searches.Space.Sample(new Random(index)), Tokens = ImmutableArray<int>.Empty,
        Status = status, Score = status == TrialStatus.Ok ? score : double.NaN, Record = record ?? [],
    };

    private static JsonObject Nao(double predicted) => new() { ["origin"] = "nao", ["predicted_after"] = predicted, ["pool_min"] = 80.0, ["pool_max"] = 90.0 };

    [Fact]
    public void Best_so_far_skips_failures_and_keeps_the_running_maximum()
    {
        var curve = Curves.BestSoFar([T(0, 0, 0, status: TrialStatus.Failed), T(1, 0, 85), T(2, 0, 84), T(3, 0, 88)]);
        Assert.True(double.IsNaN(curve[0]));
        Assert.Equal([85, 85, 88], curve[1..]);
    }

    [Fact]
    public void Round_statistics_map_predictions_back_to_scores_and_measure_pairwise_accuracy()
    {
        var stats = RoundStatistics.From([T(0, 0, 80), T(1, 0, 90), T(2, 1, 86, Nao(0.5)), T(3, 1, 88, Nao(0.9)), T(4, 1, 87, Nao(0.1))]);

        Assert.Equal(2, stats.Count);
        var round = stats[1];
        Assert.Equal(3, round.Optimized);
        Assert.Equal(87, round.MeanScore, 9);
        Assert.Equal(85, round.MeanPredicted, 9);
        // Pairs (86,88) right, (86,87) wrong, (88,87) right.
        Assert.Equal(2.0 / 3, round.PairwiseAccuracy, 9);
        Assert.True(double.IsNaN(stats[0].PairwiseAccuracy));
    }

    [Fact]
    public void With_rank_normalization_predictions_map_back_through_the_pool_quantiles()
    {
        var stats = RoundStatistics.From([T(0, 0, 80), T(1, 0, 90), T(2, 0, 82), T(3, 1, 86, Nao(0.5)), T(4, 1, 88, Nao(0.9)), T(5, 1, 87, Nao(0.1))], rankNormalized: true);

        // Pool sorted: 80, 82, 90. Quantile 0.5 → 82; 0.9 → 82 + 0.8·8 = 88.4; 0.1 → 80 + 0.2·2 = 80.4.
        Assert.Equal((82 + 88.4 + 80.4) / 3, stats[1].MeanPredicted, 9);
    }

    [Fact]
    public void The_comparison_reports_mean_and_standard_error_of_best_and_regret_at_each_budget()
    {
        var runs = new[]
        {
            new ComparisonRun("a", 0, [.. Enumerable.Repeat(90.0, 60)], TimeSpan.Zero),
            new ComparisonRun("a", 1, [.. Enumerable.Repeat(91.0, 60)], TimeSpan.Zero),
        };
        var report = new ComparisonReport(runs, optimum: 92);

        Assert.Equal([50, 60], report.Budgets);
        var row = report.Rows[0];
        Assert.Equal(90.5, row.BestMean, 9);
        Assert.Equal(0.5, row.BestSe, 9);
        Assert.Equal(1.5, row.RegretMean, 9);
        Assert.Contains("a              50     2  90.5000 ± 0.5000", report.ToText());
    }
}
