using Nao.Tests;
using Nao.Evaluation;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch.Tests.Data.Text;
using Nao.Training.Recurrent;

namespace Nao.Torch.Tests.Evaluation;

public sealed class RecurrentTrainingEvaluatorTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public RecurrentTrainingEvaluatorTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_architecture_gets_its_validation_perplexity_and_minus_its_log_as_the_score()
    {
        var corpus = TinyCorpus.Repeating(_folder, trainLines: 60);
        var evaluator = new RecurrentTrainingEvaluator(corpus, Options());

        var result = await evaluator.EvaluateAsync(PublishedArchitectures.Get("NAO-RNN").Genotype, CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        var perplexity = result.Metrics["valid_perplexity"];
        Assert.InRange(perplexity, 1, 2 * corpus.Vocabulary.Count);
        Assert.Equal(-Math.Log(perplexity), result.Score, 12);
        Assert.True(result.Metrics["parameters"] > 0);
        Assert.False(result.Metrics.ContainsKey("test_perplexity"), "a search evaluator must not measure the test set by default");
    }

    [Fact]
    public async Task The_same_architecture_scores_the_same_twice()
    {
        var corpus = TinyCorpus.Repeating(_folder, trainLines: 60);
        var evaluator = new RecurrentTrainingEvaluator(corpus, Options());
        var genotype = PublishedArchitectures.Get("ENAS-RNN").Genotype;

        var a = await evaluator.EvaluateAsync(genotype, CancellationToken.None);
        var b = await evaluator.EvaluateAsync(genotype, CancellationToken.None);

        Assert.Equal(a.Score, b.Score);
    }

    [Fact]
    public async Task A_diverging_training_is_a_failed_evaluation_with_the_reason()
    {
        var corpus = TinyCorpus.Repeating(_folder, trainLines: 60);
        var options = Options() with { Trainer = Options().Trainer with { LearningRate = 1e9, GradientClip = 0 } };
        var evaluator = new RecurrentTrainingEvaluator(corpus, options);

        var result = await evaluator.EvaluateAsync(PublishedArchitectures.Get("NAO-RNN").Genotype, CancellationToken.None);

        Assert.Equal(EvaluationStatus.Failed, result.Status);
        Assert.Contains("diverged", result.Error);
    }

    [Fact]
    public async Task A_convolutional_architecture_is_refused_with_a_clear_message()
    {
        var corpus = TinyCorpus.Repeating(_folder, trainLines: 60);
        var evaluator = new RecurrentTrainingEvaluator(corpus, Options());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => evaluator.EvaluateAsync(PublishedArchitectures.Get("NAONet").Genotype, CancellationToken.None));

        Assert.Contains("enas-rnn", error.Message);
    }

    private static RecurrentTrainingEvaluatorOptions Options() => new()
    {
        Model = new RecurrentModelOptions { Hidden = 8, InitRange = 0.3 },
        Trainer = new LanguageModelTrainerOptions { Epochs = 1, BatchSize = 4, EvalBatchSize = 2, Bptt = 8, LearningRate = 2, EvaluateTest = false },
    };
}
