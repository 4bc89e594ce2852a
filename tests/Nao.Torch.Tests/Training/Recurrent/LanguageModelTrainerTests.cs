using Nao.Tests;
using Nao.Data.Text;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch.Tests.Data.Text;
using Nao.Training.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Torch.Tests.Training.Recurrent;

public sealed class LanguageModelTrainerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public LanguageModelTrainerTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_loss_falls_on_a_tiny_repetitive_corpus()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = Model(corpus, seed: 1);
        var trainer = new LanguageModelTrainer(Fast() with { Epochs = 3 });

        var result = trainer.Train(model, corpus);

        Assert.Equal(LanguageModelTrainingStatus.Completed, result.Status);
        Assert.Equal(3, result.Epochs.Count);
        var uniform = corpus.Vocabulary.Count;
        Assert.True(result.Epochs[0].TrainLoss > result.Epochs[^1].TrainLoss, "training loss did not fall");
        Assert.True(result.BestValidPerplexity < uniform / 2.0, $"validation perplexity {result.BestValidPerplexity} is not far below uniform {uniform}");
        Assert.NotNull(result.TestPerplexity);
        Assert.True(result.TestPerplexity < uniform / 2.0);
    }

    [Fact]
    public void A_step_detaches_the_hidden_state_it_carries_to_the_next_window()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = Model(corpus, seed: 2);
        var trainer = new LanguageModelTrainer(Fast());
        using var optimizer = torch.optim.SGD(model.parameters(), 1.0);
        var parameters = model.named_parameters().ToArray();
        using var batches = TokenBatches.Batchify(corpus.Train, 4);
        var (x1, y1) = TokenBatches.Window(batches, 0, 6);
        var (x2, y2) = TokenBatches.Window(batches, 6, 6);

        var first = trainer.Step(model, optimizer, parameters, x1, y1, model.InitialHidden(4), null);
        // Were the state still attached, this backward would reach into the first window's freed graph and throw.
        var second = trainer.Step(model, optimizer, parameters, x2, y2, first.Hidden, null);

        Assert.False(first.Hidden.requires_grad);
        Assert.True(first.Hidden.is_leaf);
        Assert.True(first.Hidden.abs().sum().item<float>() > 0, "the carried state is all zeros");
        Assert.False(second.Hidden.requires_grad);
        Assert.True(double.IsFinite(second.Loss));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_training_step_leaks_no_tensors(bool allDropouts)
    {
        var corpus = TinyCorpus.Repeating(_folder);
        // Some dropouts off is the case that once leaked: the output then is its own dropped output.
        using var model = allDropouts
            ? new RecurrentLanguageModel(NaoRnn(), new RecurrentModelOptions { Vocabulary = corpus.Vocabulary.Count, Hidden = 16 }, 3)
            : Model(corpus, seed: 3);
        var trainer = new LanguageModelTrainer(Fast() with { ActivationRegularization = 1e-3 });
        using var optimizer = torch.optim.SGD(model.parameters(), 1.0, weight_decay: 1e-4);
        var parameters = model.named_parameters().ToArray();
        using var average = new ParameterAverage(parameters);
        using var batches = TokenBatches.Batchify(corpus.Train, 4);
        using var x = batches.narrow(0, 0, 6);
        using var y = batches.narrow(0, 1, 6);
        var hidden = model.InitialHidden(4);
        // The first step creates the gradients and the optimizer's state; count from the second on.
        hidden = Swap(hidden, trainer.Step(model, optimizer, parameters, x, y, hidden, average).Hidden);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 3; i++) hidden = Swap(hidden, trainer.Step(model, optimizer, parameters, x, y, hidden, average).Hidden);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        hidden.Dispose();
    }

    [Fact]
    public void A_resumed_run_continues_from_the_saved_epoch_and_repeats_the_uninterrupted_run_exactly()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        var straightDir = Path.Combine(_folder.Path, "straight");
        var resumedDir = Path.Combine(_folder.Path, "resumed");
        using var straightModel = Model(corpus, seed: 4);
        var straight = new LanguageModelTrainer(Fast() with { Epochs = 2, CheckpointDirectory = straightDir }).Train(straightModel, corpus);

        using (var interrupted = Model(corpus, seed: 4))
        {
            var first = new LanguageModelTrainer(Fast() with { Epochs = 1, CheckpointDirectory = resumedDir }).Train(interrupted, corpus);
            Assert.Equal(0, first.ResumedFromEpoch);
        }
        // Another initialization proves that the weights come from the checkpoint.
        using var resumedModel = Model(corpus, seed: 99);
        var resumed = new LanguageModelTrainer(Fast() with { Epochs = 2, CheckpointDirectory = resumedDir }).Train(resumedModel, corpus);

        Assert.Equal(1, resumed.ResumedFromEpoch);
        Assert.Equal([1, 2], resumed.Epochs.Select(e => e.Epoch));
        Assert.Equal(straight.Epochs[0].ValidLoss, resumed.Epochs[0].ValidLoss);
        Assert.Equal(straight.Epochs[1].TrainLoss, resumed.Epochs[1].TrainLoss);
        Assert.Equal(straight.Epochs[1].ValidLoss, resumed.Epochs[1].ValidLoss);
        Assert.Equal(straight.TestLoss, resumed.TestLoss);
    }

    [Fact]
    public void Resuming_a_checkpoint_of_another_architecture_fails_naming_both()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        var dir = Path.Combine(_folder.Path, "ckpt");
        using (var model = Model(corpus, seed: 5))
        {
            new LanguageModelTrainer(Fast() with { CheckpointDirectory = dir }).Train(model, corpus);
        }
        var other = (RecurrentGenotype)PublishedArchitectures.Get("ENAS-RNN").Genotype;
        using var otherModel = new RecurrentLanguageModel(other, ModelOptions(corpus), 5);

        var error = Assert.Throws<InvalidDataException>(() => new LanguageModelTrainer(Fast() with { Epochs = 2, CheckpointDirectory = dir }).Train(otherModel, corpus));

        Assert.Contains(dir, error.Message);
        Assert.Contains(other.Canonical, error.Message);
    }

    [Fact]
    public void A_corrupt_checkpoint_fails_clearly()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        var dir = Directory.CreateDirectory(Path.Combine(_folder.Path, "bad")).FullName;
        File.WriteAllText(Path.Combine(dir, LanguageModelCheckpoint.FileName), "not a checkpoint");
        using var model = Model(corpus, seed: 6);

        var error = Assert.Throws<InvalidDataException>(() => new LanguageModelTrainer(Fast() with { CheckpointDirectory = dir }).Train(model, corpus));

        Assert.Contains("not a Nao language-model checkpoint", error.Message);
    }

    [Fact]
    public void A_diverging_run_fails_with_a_message_that_names_the_learning_rate()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = Model(corpus, seed: 7);
        var trainer = new LanguageModelTrainer(Fast() with { LearningRate = 1e9, GradientClip = 0, Epochs = 3 });

        var result = trainer.Train(model, corpus);

        Assert.Equal(LanguageModelTrainingStatus.Failed, result.Status);
        Assert.Contains("diverged", result.Message);
        Assert.Contains("learning rate", result.Message);
        Assert.Null(result.TestLoss);
    }

    [Fact]
    public void Progress_reports_tokens_per_second_and_each_finished_epoch()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = Model(corpus, seed: 8);
        var reports = new List<LanguageModelProgress>();

        new LanguageModelTrainer(Fast() with { Epochs = 2, ProgressInterval = 2 }).Train(model, corpus, new Collect(reports));

        Assert.Contains(reports, r => r.CompletedEpoch is null && r.TokensPerSecond > 0 && r.Tokens > 0);
        Assert.Equal([1, 2], reports.Where(r => r.CompletedEpoch is not null).Select(r => r.CompletedEpoch!.Epoch));
    }

    [Fact]
    public void Cancellation_stops_training_with_OperationCanceledException()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = Model(corpus, seed: 9);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => new LanguageModelTrainer(Fast()).Train(model, corpus, null, cancel.Token));
    }

    [Fact]
    public void A_model_whose_vocabulary_differs_from_the_corpus_is_refused()
    {
        var corpus = TinyCorpus.Repeating(_folder);
        using var model = new RecurrentLanguageModel(NaoRnn(), ModelOptions(corpus) with { Vocabulary = 50 }, 1);

        var error = Assert.Throws<ArgumentException>(() => new LanguageModelTrainer(Fast()).Train(model, corpus));

        Assert.Contains("50", error.Message);
    }

    [Fact]
    public void Averaged_SGD_keeps_the_running_mean_of_the_weights_and_applies_it_only_while_asked()
    {
        using var model = new RecurrentLanguageModel(NaoRnn(), new RecurrentModelOptions { Vocabulary = 5, Hidden = 2 }, 1);
        var parameters = model.named_parameters().ToArray();
        var bias = parameters.Single(p => p.name == "decoder_bias").parameter;
        using var average = new ParameterAverage(parameters);
        foreach (var value in new[] { 1f, 2f, 6f })
        {
            using (torch.no_grad()) bias.fill_(value);
            average.Update();
        }

        using (average.Apply())
        {
            Assert.Equal(3f, bias.mean().item<float>(), 5);
        }
        Assert.Equal(6f, bias.mean().item<float>(), 5);
        Assert.Equal(3, average.Steps);
    }

    private static Tensor Swap(Tensor old, Tensor fresh)
    {
        old.Dispose();
        return fresh;
    }

    private static RecurrentGenotype NaoRnn() => (RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype;

    // Wider initial weights than the default 0.04 let a 16-unit model leave the unigram plateau within a few epochs.
    private static RecurrentModelOptions ModelOptions(TextCorpus corpus) =>
        new RecurrentModelOptions { Vocabulary = corpus.Vocabulary.Count, Hidden = 16, InitRange = 0.5 }.WithoutDropout() with { EmbeddingDropout = 0.05, HiddenDropout = 0.05 };

    private static RecurrentLanguageModel Model(TextCorpus corpus, long seed) => new(NaoRnn(), ModelOptions(corpus), seed);

    private static LanguageModelTrainerOptions Fast() => new()
    {
        BatchSize = 4, EvalBatchSize = 2, Bptt = 8, MaxBpttDelta = 4, LearningRate = 2, Seed = 3,
    };

    private sealed class Collect(List<LanguageModelProgress> reports) : IProgress<LanguageModelProgress>
    {
        public void Report(LanguageModelProgress value) => reports.Add(value);
    }
}
