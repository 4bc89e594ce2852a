using Nao.Metrics;

namespace Nao.Tests.Metrics;

public sealed class RankingTests
{
    [Fact]
    public void Pairwise_accuracy_is_one_for_the_same_order_and_zero_for_the_reverse()
    {
        double[] actual = [1, 2, 3, 4];
        Assert.Equal(1.0, Ranking.PairwiseAccuracy([10, 20, 30, 40], actual));
        Assert.Equal(0.0, Ranking.PairwiseAccuracy([4, 3, 2, 1], actual));
        // One swapped adjacent pair of six pairs.
        Assert.Equal(5.0 / 6, Ranking.PairwiseAccuracy([1, 3, 2, 4], actual), 12);
    }

    [Fact]
    public void Pairwise_accuracy_skips_tied_true_scores_and_half_counts_tied_predictions()
    {
        Assert.Equal(0.5, Ranking.PairwiseAccuracy([1, 1], [1, 2]));
        Assert.True(double.IsNaN(Ranking.PairwiseAccuracy([1, 2], [3, 3])));
    }

    [Fact]
    public void Kendall_tau_b_matches_a_hand_computed_value_with_ties()
    {
        // x = [1,2,3,4], y = [1,3,2,2]: concordant (1,2),(1,3),(1,4) = 3; discordant (2,3),(2,4) = 2; tie in y (3,4).
        // tau_b = (3-2)/sqrt((3+2+0)(3+2+1)) = 1/sqrt(30).
        Assert.Equal(1 / Math.Sqrt(30), Ranking.KendallTau([1, 2, 3, 4], [1, 3, 2, 2]), 12);
        Assert.Equal(1.0, Ranking.KendallTau([1, 2, 3], [2, 4, 8]), 12);
    }

    [Fact]
    public void Spearman_uses_average_ranks_for_ties()
    {
        Assert.Equal([1.5, 1.5, 3], Ranking.Ranks([5, 5, 9]));
        Assert.Equal(1.0, Ranking.Spearman([1, 2, 3], [1, 4, 9]), 12);
        Assert.Equal(-1.0, Ranking.Spearman([1, 2, 3], [9, 4, 1]), 12);
    }

    [Fact]
    public void Lists_of_different_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Ranking.PairwiseAccuracy([1], [1, 2]));
    }
}
