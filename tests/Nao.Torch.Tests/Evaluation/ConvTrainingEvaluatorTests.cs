using Nao.Evaluation;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Tests.Training;
using Nao.Training;

namespace Nao.Tests.Evaluation;

/// <summary>Run alone: determinism depends on torch's global generator, which parallel test classes would also draw from.</summary>
[CollectionDefinition(nameof(SerialTorch), DisableParallelization = true)]
public sealed class SerialTorch;

[Collection(nameof(SerialTorch))]
public sealed class ConvTrainingEvaluatorTests
{
    private static readonly ConvEvaluatorOptions Quick = new()
    {
        Network = new CellNetworkOptions { Layers = 1, Filters = 4 },
        Trainer = new ConvTrainerOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Augmentation = TinyImages.Augmentation },
    };

    public ConvTrainingEvaluatorTests() => TorchTestSetup.Initialize();

    private static ConvTrainingEvaluator Evaluator(ConvEvaluatorOptions? options = null) =>
        new(options ?? Quick, TinyImages.Create(48, 1), TinyImages.Create(32, 2), TinyImages.Statistics);

    [Fact]
    public async Task A_cell_architecture_is_scored_by_its_dev_accuracy_after_training_with_its_parameter_count()
    {
        using var evaluator = Evaluator();
        var genotype = PublishedArchitectures.Get("NAONet-WS").Genotype;
        var result = await evaluator.EvaluateAsync(genotype, CancellationToken.None);
        Assert.True(result.IsOk, result.Error);
        Assert.InRange(result.Score, 0.75, 1.0);
        Assert.Equal(result.Score, result.Metrics["valid_accuracy"]);
        Assert.Equal(3, result.Metrics["epochs"]);
        using var network = new CellNetwork((Nao.Genotypes.ConvGenotype)genotype, Quick.Network with { InputChannels = 1, Classes = 2 });
        Assert.Equal(network.ParameterCount(), result.Metrics["parameters"]);
        Assert.Contains("N=1, F=4, 3 epochs on 48 images", evaluator.Name);

        var again = await evaluator.EvaluateAsync(genotype, CancellationToken.None);
        Assert.Equal(result.Score, again.Score);
    }

    [Fact]
    public async Task A_recurrent_architecture_is_refused_and_cancellation_throws()
    {
        using var evaluator = Evaluator();
        await Assert.ThrowsAsync<ArgumentException>(() => evaluator.EvaluateAsync(PublishedArchitectures.Get("NAO-RNN").Genotype, CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluator.EvaluateAsync(PublishedArchitectures.Get("ENAS").Genotype, cancelled.Token));
    }
}
