using System.Collections.Immutable;
using Nao.Benchmarks;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Tests.Experiments;
using ScottPlot.Plottables;
using Nao.Search;

namespace Nao.Tests.Reporting;

public sealed class RunPlotsTests
{
    private static Trial T(int index, int round, double score) => new()
    {
        Index = index, Round = round, Genotype = Searches.Space.Sample(new Random(index)), Tokens = ImmutableArray<int>.Empty,
        Status = TrialStatus.Ok, Score = score, Record = [],
    };

    private static RoundStatistics Round(int round, double mean, double predicted) => new(round, 10, round == 0 ? 0 : 10, 10, mean, predicted, 0.6, mean);

    [Fact]
    public void Best_so_far_names_the_table_metric_in_percent_and_draws_a_line_at_the_table_optimum()
    {
        var optimum = TabularBenchmark.Nb201.Best();
        var chart = RunPlots.BestSoFar([T(0, 0, 80), T(1, 0, 85)], new SearchOptions(), optimum);
        var plot = chart.Build();

        Assert.Equal("evaluations", plot.Axes.Bottom.Label.Text);
        Assert.Equal("best CIFAR-10 validation accuracy, %", plot.Axes.Left.Label.Text);
        var line = Assert.Single(plot.GetPlottables<HorizontalLine>());
        Assert.Equal(optimum, line.Y);
        Assert.Contains("table optimum", line.LegendText);
    }

    [Fact]
    public void Best_so_far_without_a_table_has_no_optimum_line()
    {
        var options = new SearchOptions { Evaluator = SearchFactory.TrainEvaluator, Space = "enas" };
        var plot = RunPlots.BestSoFar([T(0, 0, 0.8)], options, optimum: null).Build();

        Assert.Empty(plot.GetPlottables<HorizontalLine>());
        Assert.Equal("best dev accuracy, fraction", plot.Axes.Left.Label.Text);
    }

    [Theory]
    [InlineData(SearchFactory.BenchmarkEvaluator, "nb201", "CIFAR-10 validation accuracy, %")]
    [InlineData(SearchFactory.TrainEvaluator, "enas-rnn", "−ln(validation perplexity), nats per token")]
    [InlineData(SearchFactory.WeightSharingEvaluator, "enas", "shared-weight dev accuracy, fraction")]
    public void The_score_label_names_the_metric_and_its_unit(string evaluator, string space, string label) =>
        Assert.Equal(label, RunPlots.ScoreLabel(new SearchOptions { Evaluator = evaluator, Space = space }));

    [Fact]
    public void Pairwise_accuracy_shows_zero_to_one_with_a_line_at_chance()
    {
        var plot = RunPlots.PairwiseAccuracy([Round(0, 80, double.NaN), Round(1, 88, 87)]).Build();

        var line = Assert.Single(plot.GetPlottables<HorizontalLine>());
        Assert.Equal(0.5, line.Y);
        Assert.Equal("chance (0.5)", line.LegendText);
        Assert.StartsWith("pairwise accuracy", plot.Axes.Left.Label.Text);
        Assert.Equal("round", plot.Axes.Bottom.Label.Text);
        var limits = plot.Axes.GetLimits();
        Assert.Equal(0, limits.Bottom);
        Assert.True(limits.Top >= 1);
    }

    [Fact]
    public void The_rounds_chart_takes_its_limits_from_the_later_rounds_and_says_that_round_0_is_cut()
    {
        // Round 0 (the random pool) far below the later rounds would squeeze them into a sliver.
        var chart = RunPlots.Rounds([Round(0, 70, double.NaN), Round(1, 90, 89), Round(2, 91, 90.5)], new SearchOptions());
        var limits = chart.Build().Axes.GetLimits();

        Assert.Equal(89 - 0.2, limits.Bottom, 9);
        Assert.Equal(91 + 0.2, limits.Top, 9);
        Assert.Equal("round 0 (random pool, mean 70) lies below the range shown", chart.Note);
        Assert.Equal("mean CIFAR-10 validation accuracy, %", chart.YLabel);
        Assert.Equal(["real (evaluated)", "predicted (before evaluation)"], chart.Build().GetPlottables<Scatter>().Select(s => s.LegendText));
    }

    [Fact]
    public void The_rounds_chart_fits_every_point_when_round_0_is_inside_the_later_rounds_range()
    {
        var chart = RunPlots.Rounds([Round(0, 89.5, double.NaN), Round(1, 89, 90), Round(2, 91, 90.5)], new SearchOptions());

        Assert.Null(chart.YRange);
        Assert.Null(chart.Note);
    }

    [Fact]
    public void Charts_render_to_png_files()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-chart-{Guid.NewGuid():N}.png");
        try
        {
            RunPlots.Rounds([Round(0, 70, double.NaN), Round(1, 90, 89)], new SearchOptions()).SavePng(path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
