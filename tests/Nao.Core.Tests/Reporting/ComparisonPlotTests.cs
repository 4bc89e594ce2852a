using Nao.Experiments;
using Nao.Reporting;

namespace Nao.Tests.Reporting;

public sealed class ComparisonPlotTests
{
    private const double Optimum = 91.607;

    /// <summary>A search whose regret is <paramref name="first"/> after one evaluation and falls to <paramref name="last"/>.</summary>
    private static ComparisonRun Run(string strategy, int seed, double first, double last, int length = 40) =>
        new(strategy, seed, [.. Enumerable.Range(0, length).Select(i => Optimum - (i == 0 ? first : i < length / 2 ? (first + last) / 4 : last))], TimeSpan.Zero);

    [Fact]
    public void The_y_axis_holds_every_curve_and_band_from_the_first_evaluation_on()
    {
        // Regret of tens of points after one evaluation and of 0 (optimum found) at the end: the old plot cut the axis
        // at 1.05 × the largest regret from the 10th evaluation on, and a plain log axis cannot show 0.
        var runs = new[] { Run("nao", 0, 60, 0), Run("nao", 1, 20, 0), Run("random", 0, 40, 0.3), Run("random", 1, 10, 0.01) };
        var plot = new ComparisonPlot(runs, Optimum, "c10valid_val200_mean");

        foreach (var curve in plot.Curves)
        {
            Assert.All(curve.Lower, v => Assert.InRange(v, plot.YLimits.Min, plot.YLimits.Max));
            Assert.All(curve.Upper, v => Assert.InRange(v, plot.YLimits.Min, plot.YLimits.Max));
        }
        Assert.Equal(0, plot.YLimits.Min, 12);
        Assert.True(plot.YLimits.Max >= 40 + 20, $"max {plot.YLimits.Max}");
        var scale = plot.Scale!;
        Assert.Equal(0, scale.Forward(0));
        Assert.True(scale.Forward(0.01) > 0, "the smallest positive regret is above 0 on the axis");
        // The labelled ticks reach the largest value.
        Assert.True(scale.MajorTicks(plot.YLimits.Max)[^1].Coordinate >= scale.Forward(plot.YLimits.Max));
    }

    [Fact]
    public void Each_strategy_has_a_band_of_one_standard_error_around_its_mean_cut_at_zero_regret()
    {
        var runs = new[] { Run("a", 0, 4, 0), Run("a", 1, 2, 0.2), Run("b", 0, 3, 0.1) };
        var plot = new ComparisonPlot(runs, Optimum, null);

        var a = plot.Curves.Single(c => c.Strategy == "a");
        Assert.Equal(2, a.Seeds);
        Assert.Equal(40, a.Evaluations.Length);
        Assert.Equal(3, a.Mean[0], 9);
        Assert.Equal(2, a.Lower[0], 9); // mean 3, standard error sd/√2 = √2/√2 = 1
        Assert.Equal(4, a.Upper[0], 9);
        Assert.Equal(0.1, a.Mean[^1], 9);
        Assert.Equal(0, a.Lower[^1], 9); // 0.1 − 0.1 = 0
        var b = plot.Curves.Single(c => c.Strategy == "b");
        Assert.Equal(b.Mean, b.Lower); // one seed: no band
        Assert.Equal(b.Mean, b.Upper);
    }

    [Fact]
    public void Labels_name_the_metric_and_units_and_the_caption_says_what_lines_and_bands_are()
    {
        var plot = new ComparisonPlot([Run("nao", 0, 5, 0), Run("nao", 1, 5, 1)], Optimum, "c10valid_val200_mean");

        Assert.Equal("regret (CIFAR-10 validation accuracy, %)", plot.YLabel);
        Assert.Equal("evaluations", plot.XLabel);
        Assert.Contains("mean over 2 seeds", plot.Caption);
        Assert.Contains("standard error", plot.Caption);
        Assert.Contains("91.607", plot.Caption);
    }

    [Fact]
    public void The_caption_says_which_curves_coincide_so_a_hidden_line_is_explained()
    {
        // Both strategies have the best value 90 for evaluations 1-19 and differ from the 20th on.
        static ComparisonRun Steps(string strategy, double then) => new(strategy, 0, [.. Enumerable.Repeat(90.0, 19), .. Enumerable.Repeat(then, 21)], TimeSpan.Zero);
        var plot = new ComparisonPlot([Steps("nao", 91), Steps("random", 90.5)], Optimum, null);
        Assert.Contains("nao and random coincide for the first 19 evaluations.", plot.Caption);
        Assert.DoesNotContain("coincide", new ComparisonPlot([Run("nao", 0, 5, 0), Run("random", 0, 6, 1)], Optimum, null).Caption);
        // Three that agree for 12 evaluations, two of them for 19: one sentence per length, not one per pair.
        var three = new ComparisonPlot([Steps("nao", 91), Steps("random", 90.5),
            new("evolution", 0, [.. Enumerable.Repeat(90.0, 12), .. Enumerable.Repeat(91.5, 28)], TimeSpan.Zero)], Optimum, null);
        Assert.EndsWith("nao and random coincide for the first 19 evaluations. nao, random and evolution coincide for the first 12 evaluations.", three.Caption);
    }

    [Fact]
    public void The_plot_is_written_as_a_png()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-compare-{Guid.NewGuid():N}.png");
        try
        {
            new ComparisonPlot([Run("nao", 0, 50, 0), Run("nao", 1, 5, 0.1), Run("random", 0, 50, 1)], Optimum, "c10valid_val200_mean").SavePng(path);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(path)[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("c10valid_val200_mean", "CIFAR-10 validation accuracy, %")]
    [InlineData("c100_val200_mean", "CIFAR-100 validation accuracy, %")]
    [InlineData("in16_val200_mean", "ImageNet16-120 validation accuracy, %")]
    [InlineData("my_metric", "my_metric")]
    [InlineData(null, "score")]
    public void Metric_labels_name_the_data_set_split_and_unit(string? metric, string label) => Assert.Equal(label, MetricLabel.Describe(metric));

    [Fact]
    public void The_symmetric_log_scale_is_linear_near_zero_and_logarithmic_above()
    {
        var scale = SymLogScale.For([0, 0.0053, 0.2, 40]);
        Assert.Equal(0.001, scale.Linear, 12);
        Assert.Equal(40, scale.Inverse(scale.Forward(40)), 9);
        Assert.Equal(1, scale.Forward(1000 * scale.Linear) - scale.Forward(100 * scale.Linear), 2); // one unit per decade above the linear part
        Assert.Equal(["0", "0.001", "0.01", "0.1", "1", "10", "100"], scale.MajorTicks(40).Select(t => t.Label));
    }
}
