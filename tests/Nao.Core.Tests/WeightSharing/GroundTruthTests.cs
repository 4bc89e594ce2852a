using System.Collections.Immutable;
using System.Text;
using Nao.Benchmarks;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Reporting;
using Nao.WeightSharing;

namespace Nao.Tests.WeightSharing;

public sealed class GroundTruthTests
{
    private static readonly Genotype[] Archs = [.. TabularBenchmark.Nb201.Architectures.Take(6)];

    private static Trial Scored(int index, Genotype genotype, double score, double? truth, TrialStatus status = TrialStatus.Ok) => new()
    {
        Index = index,
        Round = 1,
        Genotype = genotype,
        Tokens = [],
        Status = status,
        Score = score,
        Metrics = truth is { } t ? ImmutableSortedDictionary<string, double>.Empty.Add(GroundTruth.Metric, t) : ImmutableSortedDictionary<string, double>.Empty,
    };

    [Fact]
    public void Kendall_and_Spearman_match_hand_computed_values_on_four_architectures()
    {
        // Scores rank 1 < 2 < 3 < 4, the table 1 < 2 < 4 > 3: one discordant pair of six.
        Trial[] trials = [Scored(0, Archs[0], 0.1, 10), Scored(1, Archs[1], 0.2, 20), Scored(2, Archs[2], 0.3, 40), Scored(3, Archs[3], 0.4, 30)];

        var summary = GroundTruth.Summarize(trials, [10, 20, 30, 40])!;

        Assert.Equal(4, summary.Count);
        Assert.Equal((5 - 1) / 6.0, summary.Kendall, 12);
        // 1 − 6 Σd² / (n (n² − 1)) with d = (0, 0, 1, 1).
        Assert.Equal(1 - 6 * 2 / (4.0 * 15), summary.Spearman, 12);
        Assert.Equal(Archs[3], summary.Pick);
        Assert.Equal(30, summary.PickTruth);
        Assert.Equal(40, summary.BestScored);
        Assert.Equal(40, summary.TableBest);
    }

    [Fact]
    public void An_architecture_scored_twice_counts_once_with_its_last_score()
    {
        // Archs[0] first scores highest, then lowest: with its last score the ranking agrees with the table perfectly.
        Trial[] trials = [Scored(0, Archs[0], 0.9, 10), Scored(1, Archs[1], 0.2, 20), Scored(2, Archs[2], 0.3, 30), Scored(3, Archs[0], 0.1, 10)];

        var summary = GroundTruth.Summarize(trials, [10, 20, 30])!;

        Assert.Equal(3, summary.Count);
        Assert.Equal(1.0, summary.Kendall, 12);
        Assert.Equal(1.0, summary.Spearman, 12);
        Assert.Equal(Archs[2], summary.Pick);
    }

    [Fact]
    public void The_top_of_the_table_is_its_best_fifth_and_failed_or_unrecorded_trials_are_left_out()
    {
        double[] table = [.. Enumerable.Range(1, 10).Select(i => (double)i)];
        Trial[] trials =
        [
            Scored(0, Archs[0], 0.5, 10), Scored(1, Archs[1], 0.6, 9), Scored(2, Archs[2], 0.7, 8),
            Scored(3, Archs[3], 0.9, 1), Scored(4, Archs[4], double.NaN, 5, TrialStatus.Failed), Scored(5, Archs[5], 0.95, null),
        ];

        var summary = GroundTruth.Summarize(trials, table)!;

        Assert.Equal(9, GroundTruth.TopThreshold(table));
        Assert.Equal(4, summary.Count);
        Assert.Equal(2, summary.TopCount);
        // Within the top (10 and 9) the scores 0.5 < 0.6 run against the table.
        Assert.Equal(-1.0, summary.TopKendall, 12);
        Assert.Equal(Archs[3], summary.Pick);
        Assert.Null(GroundTruth.Summarize([Scored(0, Archs[0], 0.5, null)], table));
    }

    [Fact]
    public void The_report_shows_tau_the_pick_and_the_published_one_shot_results()
    {
        Trial[] trials = [Scored(0, Archs[0], 0.1, 10), Scored(1, Archs[1], 0.2, 20), Scored(2, Archs[2], 0.3, 40), Scored(3, Archs[3], 0.4, 30)];
        var md = new StringBuilder();

        WeightSharingReport.AppendGroundTruth(md, trials);

        var text = md.ToString();
        Assert.Contains("## Ground truth (NAS-Bench-201)", text);
        Assert.Contains("| all scored | 4 | **0.6667** | 0.8 |", text);
        Assert.Contains("has table accuracy **30**", text);
        Assert.Contains("the table's best 91.6067", text);
        Assert.Contains("| RSPS (Li and Talwalkar 2019) | 84.16 ± 1.69 |", text);
        var none = new StringBuilder();
        WeightSharingReport.AppendGroundTruth(none, [Scored(0, Archs[0], 0.1, null)]);
        Assert.Equal("", none.ToString());
    }
}
