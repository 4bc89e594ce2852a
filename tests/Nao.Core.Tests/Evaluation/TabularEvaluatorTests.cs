using Nao.Benchmarks;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.Evaluation;

public sealed class TabularEvaluatorTests : IDisposable
{
    private const string Best = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
    private const string Other = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    private readonly string _csv = Path.Combine(Directory.CreateTempSubdirectory("nao-table-").FullName, "tiny.csv");

    public TabularEvaluatorTests() => File.WriteAllText(_csv, $"arch_str,c10valid_val200_mean,c100_val200_mean\n{Best},91.5,72.0\n{Other},80.25,\n");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_csv)!, recursive: true);

    private static Genotype G(string text) => SearchSpaceRegistry.Nb201.Parse(text);

    [Fact]
    public async Task The_score_is_the_chosen_metric_and_every_metric_of_the_row_is_recorded()
    {
        var evaluator = TabularEvaluator.Create(new TabularEvaluatorOptions { BenchmarkPath = _csv, Metric = "c100_val200_mean" });

        var result = await evaluator.EvaluateAsync(G(Best), CancellationToken.None);

        Assert.True(result.IsOk);
        Assert.Equal(72.0, result.Score);
        Assert.Equal(91.5, result.Metrics["c10valid_val200_mean"]);
    }

    [Fact]
    public async Task An_architecture_or_value_missing_from_the_table_is_a_failed_evaluation_that_says_so()
    {
        var evaluator = TabularEvaluator.Create(new TabularEvaluatorOptions { BenchmarkPath = _csv, Metric = "c100_val200_mean" });

        var missingValue = await evaluator.EvaluateAsync(G(Other), CancellationToken.None);
        var missingRow = await evaluator.EvaluateAsync(SearchSpaceRegistry.Nb201.Mutate(G(Best), new Random(0)), CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, missingValue.Status);
        Assert.Contains("has no c100_val200_mean value", missingValue.Error);
        Assert.Equal(EvaluationStatus.Failed, missingRow.Status);
    }

    [Fact]
    public async Task Noise_is_seeded_per_architecture_and_changes_with_the_seed()
    {
        async Task<double> Score(int seed) => (await TabularEvaluator.Create(new TabularEvaluatorOptions { BenchmarkPath = _csv, NoiseStd = 0.5, NoiseSeed = seed })
            .EvaluateAsync(G(Best), CancellationToken.None)).Score;

        Assert.Equal(await Score(1), await Score(1));
        Assert.NotEqual(await Score(1), await Score(2));
        Assert.NotEqual(91.5, await Score(1));
        // The noise-free value stays in the metrics, for regret.
        var result = await TabularEvaluator.Create(new TabularEvaluatorOptions { BenchmarkPath = _csv, NoiseStd = 0.5 }).EvaluateAsync(G(Best), CancellationToken.None);
        Assert.Equal(91.5, result.Metrics["c10valid_val200_mean"]);
    }

    [Fact]
    public void The_embedded_table_is_the_default_and_bad_options_name_the_problem()
    {
        Assert.Equal(TabularBenchmark.Nb201, TabularEvaluator.Create(new TabularEvaluatorOptions()).Table);
        Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => TabularEvaluator.Create(new TabularEvaluatorOptions { BenchmarkPath = _csv + ".missing" })).Message);
        Assert.Contains("Unknown metric 'top1'", Assert.Throws<UnknownNameException>(() => TabularEvaluator.Create(new TabularEvaluatorOptions { Metric = "top1" })).Message);
        Assert.Contains("noise", Assert.Throws<ArgumentException>(() => TabularEvaluator.Create(new TabularEvaluatorOptions { NoiseStd = -1 })).Message);
    }
}
