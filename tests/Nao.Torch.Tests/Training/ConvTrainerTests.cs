using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Tests.Data;
using Nao.Torch;
using Nao.Training;
using TorchSharp;

namespace Nao.Tests.Training;

public sealed class ConvTrainerTests
{
    private static readonly ConvGenotype NaoNet = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
    private static readonly CellNetworkOptions Tiny = new() { Layers = 1, Filters = 4, InputChannels = 1, Classes = 2 };
    private static readonly ConvTrainerOptions Quick = new()
    {
        Epochs = 6, BatchSize = 16, LearningRate = 0.05, Augmentation = TinyImages.Augmentation, ProgressIntervalSeconds = 1e-9,
    };

    public ConvTrainerTests() => TorchTestSetup.Initialize();

    private static ImageBatcher Batcher(ImageDataset data) => new(data, TinyImages.Augmentation, TinyImages.Statistics);

    private static CellNetwork Network(int seed = 0, CellNetworkOptions? options = null)
    {
        torch.manual_seed(seed);
        return new CellNetwork(NaoNet, options ?? Tiny);
    }

    [Fact]
    public void Training_on_a_tiny_separable_set_drives_the_loss_down_and_classifies_held_out_images()
    {
        using var network = Network();
        var result = new ConvTrainer(Quick).Train(network, Batcher(TinyImages.Create(64, 1)), Batcher(TinyImages.Create(32, 2)), Batcher(TinyImages.Create(32, 3)));
        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(6, result.Epochs.Count);
        Assert.True(result.Epochs[^1].TrainLoss < 0.6 * result.Epochs[0].TrainLoss,
            $"loss {result.Epochs[0].TrainLoss:F3} -> {result.Epochs[^1].TrainLoss:F3}");
        Assert.True(result.FinalDevAccuracy >= 0.9, $"dev accuracy {result.FinalDevAccuracy}");
        Assert.True(result.TestAccuracy >= 0.9, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(32, result.TestImages);
        Assert.Equal(result.Epochs.Max(e => e.DevAccuracy), result.BestDevAccuracy);
        Assert.Equal(network.ParameterCount(), result.Parameters);
    }

    [Fact]
    public void The_learning_rate_follows_a_cosine_from_the_start_value_to_the_minimum()
    {
        var options = new ConvTrainerOptions { Epochs = 4, LearningRate = 0.1, MinLearningRate = 0.02 };
        Assert.Equal(0.1, options.LearningRateAt(0), 12);
        Assert.Equal(0.06, options.LearningRateAt(2), 12);
        Assert.True(options.LearningRateAt(3) > 0.02);
    }

    [Fact]
    public void A_resumed_run_continues_after_the_saved_epoch_and_ends_where_an_uninterrupted_run_ends()
    {
        using var folder = new TestFolder();
        var train = Batcher(TinyImages.Create(48, 1));
        var dev = Batcher(TinyImages.Create(16, 2));
        var options = Quick with { Epochs = 3, Seed = 5 };

        // Both runs start from the same weights (copied: other test classes may draw from torch's global generator meanwhile).
        using var straight = Network(seed: 9);
        using var start = Network(seed: 10);
        start.load_state_dict(straight.state_dict());
        var uninterrupted = new ConvTrainer(options).Train(straight, train, dev);

        using (var first = start)
        {
            // Killed (cancelled) during the third epoch: only the checkpoint of epoch 2 is complete.
            Assert.ThrowsAny<OperationCanceledException>(() => new ConvTrainer(options with { CheckpointDirectory = folder.Path })
                .Train(first, train, dev, cancellationToken: CancelAfterEpochs(folder.Path, 2)));
        }
        Assert.True(Directory.Exists(Path.Combine(folder.Path, "epoch-0002")));

        var log = new StringWriter();
        using var second = Network(seed: 123);
        var resumed = new ConvTrainer(options with { CheckpointDirectory = folder.Path }, log).Train(second, train, dev);
        Assert.Equal(2, resumed.ResumedFromEpoch);
        Assert.Contains("Resuming from the checkpoint", log.ToString());
        Assert.Equal(3, resumed.Epochs.Count);
        Assert.Equal(uninterrupted.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.FinalDevAccuracy, resumed.FinalDevAccuracy);
        Assert.True(straight.parameters().Zip(second.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()),
            "The resumed network's weights differ from the uninterrupted run's.");
        Assert.Equal(new[] { "epoch-0003" }, Directory.GetDirectories(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused_with_a_clear_message()
    {
        using var folder = new TestFolder();
        var train = Batcher(TinyImages.Create(32, 1));
        using (var small = Network())
        {
            new ConvTrainer(Quick with { Epochs = 1, CheckpointDirectory = folder.Path }).Train(small, train);
        }
        using var wider = Network(options: Tiny with { Filters = 6 });
        var error = Assert.Throws<InvalidDataException>(() => new ConvTrainer(Quick with { CheckpointDirectory = folder.Path }).Train(wider, train));
        Assert.Contains("was written for another network", error.Message);
        Assert.Contains("F=4", error.Message);
        Assert.Contains("F=6", error.Message);
    }

    [Fact]
    public void A_nan_loss_stops_the_run_with_the_diverged_status_and_a_message()
    {
        using var network = Network();
        using (torch.no_grad()) network.parameters().First().fill_(float.NaN);
        var result = new ConvTrainer(Quick).Train(network, Batcher(TinyImages.Create(32, 1)), Batcher(TinyImages.Create(16, 2)));
        Assert.Equal(TrainingStatus.Diverged, result.Status);
        Assert.Contains("diverged at epoch 1, step 1: the loss is NaN", result.Message);
        Assert.Contains("Lower the learning rate", result.Message);
        Assert.Empty(result.Epochs);
        Assert.Null(result.TestAccuracy);
    }

    [Fact]
    public void A_learning_rate_of_1e9_is_reported_diverged_although_the_loss_stays_finite()
    {
        // Two steps: the loss jumps to about 1e16 at the second and is still finite when the epoch ends (it turns NaN
        // some steps later), so checking for NaN alone let this run complete and report chance accuracy.
        using var network = Network();
        var log = new StringWriter();
        var result = new ConvTrainer(Quick with { LearningRate = 1e9, Epochs = 1 }, log)
            .Train(network, Batcher(TinyImages.Create(32, 1)), Batcher(TinyImages.Create(32, 2)), Batcher(TinyImages.Create(32, 3)));
        Assert.Equal(TrainingStatus.Diverged, result.Status);
        Assert.Contains("Training diverged at epoch 1, step 2: the epoch's mean loss", result.Message);
        Assert.Contains("exceeds 10·ln(2) = 6.93", result.Message);
        Assert.Contains("Lower the learning rate (now 1E+09)", result.Message);
        Assert.Contains(result.Message!, log.ToString());
        Assert.Empty(result.Epochs);
        Assert.Null(result.FinalDevAccuracy);
        Assert.Null(result.TestAccuracy);
    }

    [Fact]
    public void A_loss_far_above_chance_for_patience_steps_in_a_row_stops_the_run_within_the_epoch()
    {
        using var network = Network();
        var result = new ConvTrainer(Quick with { LearningRate = 1e9, WeightDecay = 0, DivergencePatience = 2 })
            .Train(network, Batcher(TinyImages.Create(64, 1)), Batcher(TinyImages.Create(32, 2)));
        Assert.Equal(TrainingStatus.Diverged, result.Status);
        // Step 1 is near ln(2); steps 2 and 3 are far above the bound, so the run stops at step 3 of 4.
        Assert.Matches(@"^Training diverged at epoch 1, step 3: the loss \S+ exceeds 10·ln\(2\) = 6\.93 for 2 steps in a row", result.Message);
    }

    [Fact]
    public void The_same_network_at_a_normal_learning_rate_is_not_reported_diverged()
    {
        using var network = Network();
        var result = new ConvTrainer(Quick with { DivergencePatience = 1 })
            .Train(network, Batcher(TinyImages.Create(64, 1)), Batcher(TinyImages.Create(32, 2)));
        // Patience 1: not one step of normal training comes near ten times the loss of guessing.
        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Null(result.Message);
        Assert.Equal(6, result.Epochs.Count);
    }

    [Fact]
    public void Training_steps_leave_no_tensors_alive()
    {
        var train = Batcher(TinyImages.Create(64, 1));
        using var network = Network();
        new ConvTrainer(Quick with { Epochs = 1 }).Train(network, train);
        var statistics = DisposeScopeManager.Statistics;
        var before = statistics.ThreadTotalLiveCount;
        new ConvTrainer(Quick with { Epochs = 1 }).Train(network, train);
        var afterOne = statistics.ThreadTotalLiveCount;
        new ConvTrainer(Quick with { Epochs = 3 }).Train(network, train);
        var afterThree = statistics.ThreadTotalLiveCount;
        Assert.Equal(before, afterOne);
        Assert.Equal(before, afterThree);
    }

    [Fact]
    public void Progress_reports_images_per_second_and_an_eta()
    {
        var reports = new List<TrainingProgress>();
        using var network = Network();
        var log = new StringWriter();
        new ConvTrainer(Quick with { Epochs = 2 }, log, new SynchronousProgress(reports.Add)).Train(network, Batcher(TinyImages.Create(64, 1)));
        Assert.Equal(8, reports.Count);
        Assert.All(reports, r => Assert.True(r.ImagesPerSecond > 0));
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.True(reports[0].Remaining > TimeSpan.Zero);
        Assert.Matches(@"epoch 1/2 step 1/4 loss \d+\.\d{4} acc .+ lr 0\.05 \d+ img/s ETA \d+:\d\d:\d\d", log.ToString());
        Assert.Contains("epoch 2/2: loss", log.ToString());
    }

    [Fact]
    public void Options_out_of_range_are_refused_before_any_work()
    {
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new ConvTrainer(Quick with { BatchSize = 1 })).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new ConvTrainer(Quick with { Nesterov = true, Momentum = 0 })).Message);
        Assert.Contains("DivergenceFactor", Assert.Throws<ArgumentException>(() => new ConvTrainer(Quick with { DivergenceFactor = 1 })).Message);
        Assert.Contains("DivergencePatience", Assert.Throws<ArgumentException>(() => new ConvTrainer(Quick with { DivergencePatience = 0 })).Message);
    }

    /// <summary>A token that fires once the folder holds a checkpoint of <paramref name="epochs"/> epochs.</summary>
    private static CancellationToken CancelAfterEpochs(string folder, int epochs)
    {
        var source = new CancellationTokenSource();
        var watcher = new Thread(() =>
        {
            while (!Directory.Exists(Path.Combine(folder, $"epoch-{epochs:D4}"))) Thread.Sleep(1);
            source.Cancel();
        }) { IsBackground = true };
        watcher.Start();
        return source.Token;
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
