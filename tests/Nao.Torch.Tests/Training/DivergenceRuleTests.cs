using Nao.Training;

namespace Nao.Tests.Training;

public sealed class DivergenceRuleTests
{
    [Fact]
    public void The_loss_must_stay_above_the_bound_for_patience_steps_in_a_row()
    {
        var rule = new DivergenceRule(classes: 10, factor: 10, patience: 3);
        Assert.Equal(10 * Math.Log(10), rule.Bound, 12);
        Assert.Null(rule.CheckLoss(1e6));
        Assert.Null(rule.CheckLoss(1e6));
        // A step back under the bound starts the count again: spikes are not divergence.
        Assert.Null(rule.CheckLoss(2.0));
        Assert.Null(rule.CheckLoss(1e6));
        Assert.Null(rule.CheckLoss(1e6));
        Assert.Equal("the loss 1E+06 exceeds 10·ln(10) = 23.03 for 3 steps in a row (uniform guessing gives 2.30)", rule.CheckLoss(1e6));
    }

    [Fact]
    public void Reset_forgets_the_steps_counted_so_far()
    {
        var rule = new DivergenceRule(classes: 2, factor: 10, patience: 2);
        Assert.Null(rule.CheckLoss(100));
        rule.Reset();
        Assert.Null(rule.CheckLoss(100));
        Assert.NotNull(rule.CheckLoss(100));
    }

    [Fact]
    public void A_non_finite_loss_or_gradient_norm_diverges_at_once()
    {
        var rule = new DivergenceRule(classes: 10, factor: 10, patience: 20);
        Assert.Equal("the loss is NaN", rule.CheckLoss(double.NaN));
        Assert.Equal("the loss is infinite", rule.CheckLoss(double.PositiveInfinity));
        Assert.Equal("the gradient norm is infinite", DivergenceRule.CheckGradientNorm(double.PositiveInfinity));
        Assert.Equal("the gradient norm is NaN", DivergenceRule.CheckGradientNorm(double.NaN));
        Assert.Null(DivergenceRule.CheckGradientNorm(1e12));
    }

    [Fact]
    public void An_epoch_mean_above_the_bound_diverges_even_when_the_epoch_was_too_short_for_the_patience()
    {
        var rule = new DivergenceRule(classes: 100, factor: 2, patience: 20);
        Assert.Null(rule.CheckEpochMean(9.0));
        Assert.Equal("the epoch's mean loss 9.5 exceeds 2·ln(100) = 9.21 (uniform guessing gives 4.61)", rule.CheckEpochMean(9.5));
        Assert.Equal("the epoch's mean loss is NaN", rule.CheckEpochMean(double.NaN));
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceRule(classes: 1, factor: 10, patience: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceRule(classes: 10, factor: 1, patience: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DivergenceRule(classes: 10, factor: 10, patience: 0));
    }
}
