using Nao.Data;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Training;

namespace Nao.Tests.Training;

public sealed class Nb201TrainingTests
{
    public Nb201TrainingTests() => TorchTestSetup.Initialize();

    private static ImageDataset Images(int count, int classes = 3, int side = 8)
    {
        var random = new Random(4);
        var pixels = new byte[count * 3 * side * side];
        random.NextBytes(pixels);
        // Each image's first byte is its index mod 256, so the tests can tell images apart.
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % classes;
            pixels[i * 3 * side * side] = (byte)i;
        }
        return new ImageDataset("tiny", pixels, labels, 3, side, side, classes);
    }

    [Fact]
    public void The_valid_split_is_disjoint_class_balanced_and_the_same_every_time()
    {
        var data = Images(200, classes: 4);
        var (train, valid) = Nb201ValidSplit.Split(data);
        var (train2, valid2) = Nb201ValidSplit.Split(data);
        Assert.Equal(100, train.Count);
        Assert.Equal(100, valid.Count);
        var trainIds = Enumerable.Range(0, train.Count).Select(i => train.Image(i)[0]).ToList();
        var validIds = Enumerable.Range(0, valid.Count).Select(i => valid.Image(i)[0]).ToList();
        Assert.Empty(trainIds.Intersect(validIds));
        Assert.Equal(200, trainIds.Concat(validIds).Distinct().Count());
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(25, train.Labels.ToArray().Count(l => l == c)));
        Assert.Equal(train.Pixels.ToArray(), train2.Pixels.ToArray());
        Assert.Equal(valid.Labels.ToArray(), valid2.Labels.ToArray());
        // Not simply the first half: the shuffle mixes the images of each class.
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (byte)i), trainIds);
    }

    [Fact]
    public void The_default_options_are_nas_bench_201s_protocol()
    {
        var options = new Nb201TrainingOptions();
        Assert.Equal((5, 16, 200, 256), (options.Cells, options.Channels, options.Epochs, options.BatchSize));
        Assert.Equal((0.1, 0.9, true, 5e-4), (options.LearningRate, options.Momentum, options.Nesterov, options.WeightDecay));
        Assert.Equal(0.1, options.LearningRateAt(0, 100), 12);
        Assert.Equal(0.05, options.LearningRateAt(50, 100), 12);
        Assert.Equal(0.0, options.LearningRateAt(100, 100), 12);
        Assert.Equal(options, Nb201TrainingOptions.FromJson(options.ToJson()));
    }

    [Theory]
    [InlineData("cells", "cells (N) must be at least 1")]
    [InlineData("batchSize", "batchSize must be at least 2")]
    [InlineData("trainImages", "trainImages must be at least 2")]
    public void Out_of_range_options_name_the_setting(string setting, string message)
    {
        var json = new Nb201TrainingOptions().ToJson();
        json[setting] = 0;
        var error = Assert.Throws<ArgumentException>(() => Nb201TrainingOptions.FromJson(json).Validate());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_evaluator_trains_a_tiny_network_and_reports_accuracy_params_and_flops()
    {
        var (train, valid) = Nb201ValidSplit.Split(Images(64));
        var data = new Nb201TrainingData("tiny", train, valid, ([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]));
        var options = new Nb201TrainingOptions { Cells = 1, Channels = 4, Epochs = 2, BatchSize = 8 };
        using var evaluator = new Nb201TrainingEvaluator(options, data);
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");
        var result = await evaluator.EvaluateAsync(genotype, CancellationToken.None);
        Assert.Equal(EvaluationStatus.Ok, result.Status);
        Assert.InRange(result.Score, 0, 1);
        Assert.Equal(result.Score, result.Metrics["valid_accuracy"]);
        Assert.Equal(2, result.Metrics["epochs"]);
        Assert.True(result.Metrics["flops"] > 0 && result.Metrics["parameters"] > 0);
        // Same trial, same result: the seed comes from the options and the genotype.
        Assert.Equal(result.Score, (await evaluator.EvaluateAsync(genotype, CancellationToken.None)).Score);
    }
}
