using Nao.Controller;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tokenization;
using TorchSharp;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerTrainingTests
{
    public ControllerTrainingTests() => InitializeTorch();

    [Fact]
    public void Training_longer_lowers_the_loss_on_a_tiny_synthetic_set()
    {
        var data = Pool(SearchSpaceRegistry.Nb201, 48, seed: 1);
        using var short_ = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 1));
        using var long_ = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 60));

        var first = short_.Fit(data, seed: 3, CancellationToken.None);
        var last = long_.Fit(data, seed: 3, CancellationToken.None);

        Assert.True(last.Loss < first.Loss / 4, $"loss after 60 epochs {last.Loss} is not well below the loss after 1 epoch {first.Loss}");
        Assert.True(last.PredictorMse < first.PredictorMse, $"predictor MSE {first.PredictorMse} → {last.PredictorMse}");
        Assert.True(last.DecoderCrossEntropy < first.DecoderCrossEntropy / 4, $"decoder CE {first.DecoderCrossEntropy} → {last.DecoderCrossEntropy}");
        Assert.Equal(60, last.Epochs);
    }

    [Fact]
    public void After_training_the_decoder_reconstructs_every_training_architecture_exactly()
    {
        var data = Pool(SearchSpaceRegistry.Nb201, 24, seed: 2);
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 150));
        controller.Fit(data, seed: 0, CancellationToken.None);

        var decoded = controller.Reconstruct([.. data.Select(d => d.Genotype)]);

        for (var i = 0; i < data.Length; i++)
        {
            Assert.Equal(SearchSpaceRegistry.Nb201.Tokenizer.Tokenize(data[i].Genotype), decoded[i]);
        }
    }

    [Fact]
    public void Two_fits_with_the_same_data_and_seed_give_identical_predictions()
    {
        var data = Pool(SearchSpaceRegistry.Enas, 20, seed: 4);
        var probe = Pool(SearchSpaceRegistry.Enas, 10, seed: 5).Select(d => d.Genotype).ToArray();
        using var a = new NaoController(SearchSpaceRegistry.Enas, Tiny(epochs: 3, SearchSpaceRegistry.Enas));
        using var b = new NaoController(SearchSpaceRegistry.Enas, Tiny(epochs: 3, SearchSpaceRegistry.Enas));
        using var c = new NaoController(SearchSpaceRegistry.Enas, Tiny(epochs: 3, SearchSpaceRegistry.Enas));

        var reportA = a.Fit(data, seed: 7, CancellationToken.None);
        torch.rand(5).Dispose(); // Draws between the fits must not matter: Fit seeds torch itself.
        var reportB = b.Fit(data, seed: 7, CancellationToken.None);
        c.Fit(data, seed: 8, CancellationToken.None);

        Assert.Equal(reportA.Loss, reportB.Loss);
        Assert.Equal(a.Predict(probe), b.Predict(probe));
        Assert.NotEqual(a.Predict(probe), c.Predict(probe));
    }

    [Fact]
    public void A_warm_started_fit_continues_from_the_current_weights_and_a_cold_one_does_not()
    {
        var first = Pool(SearchSpaceRegistry.Nb201, 24, seed: 6);
        var second = Pool(SearchSpaceRegistry.Nb201, 32, seed: 7);
        var probe = second.Select(d => d.Genotype).ToArray();
        using var warm = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 5));
        using var cold = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 5) with { WarmStart = false });
        using var fresh = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 5));

        warm.Fit(first, seed: 1, CancellationToken.None);
        warm.Fit(second, seed: 2, CancellationToken.None);
        cold.Fit(first, seed: 1, CancellationToken.None);
        cold.Fit(second, seed: 2, CancellationToken.None);
        fresh.Fit(second, seed: 2, CancellationToken.None);

        Assert.Equal(fresh.Predict(probe), cold.Predict(probe));
        Assert.NotEqual(fresh.Predict(probe), warm.Predict(probe));
    }

    [Fact]
    public void Two_hundred_training_steps_leave_no_growth_in_live_tensors()
    {
        var data = Pool(SearchSpaceRegistry.Nb201, 20, seed: 8);
        // 20 architectures in batches of 10 for 100 epochs: 200 steps per fit.
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 100) with { BatchSize = 10 });
        controller.Fit(data[..1], seed: 0, CancellationToken.None); // builds the network, whose parameters stay alive
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        controller.Fit(data, seed: 1, CancellationToken.None);

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Branch_swap_augmentation_rebuilds_the_teacher_forcing_input_from_the_swapped_sequence()
    {
        var space = SearchSpaceRegistry.Enas;
        var data = Pool(space, 8, seed: 9);
        using var controller = new NaoController(space, Tiny(epochs: 1, space));
        var sequences = data.Select(d => space.Tokenizer.Tokenize(d.Genotype)).ToArray();
        using var scope = torch.NewDisposeScope();

        var (tokens, inputs, _) = controller.TrainingBatch(sequences, new float[8], [0, 1, 2, 3, 4, 5, 6, 7], new Random(1));

        var t = tokens.data<long>().ToArray();
        var x = inputs.data<long>().ToArray();
        var length = space.Tokenizer.Length;
        var swapped = 0;
        for (var b = 0; b < 8; b++)
        {
            var row = t.Skip(b * length).Take(length).Select(v => (int)v).ToArray();
            Assert.Equal(data[b].Genotype, space.Tokenizer.Detokenize(row)); // the same architecture…
            if (!row.SequenceEqual(sequences[b])) swapped++;                 // …usually in another order
            Assert.Equal(ITokenizer.StartToken, x[b * length]);
            for (var p = 1; p < length; p++) Assert.Equal(t[b * length + p - 1], x[b * length + p]);
        }
        Assert.True(swapped >= 6, $"only {swapped} of 8 sequences were augmented");
    }

    [Fact]
    public void Fit_rejects_bad_data_with_messages_that_name_the_problem()
    {
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 1));
        var good = Pool(SearchSpaceRegistry.Nb201, 3, seed: 1);

        var empty = Assert.Throws<ArgumentException>(() => controller.Fit([], 0, CancellationToken.None));
        Assert.Contains("at least one evaluated architecture", empty.Message);
        var nan = Assert.Throws<ArgumentException>(() => controller.Fit([good[0], good[1] with { Score = double.NaN }], 0, CancellationToken.None));
        Assert.Contains("scores must be finite", nan.Message);
        var wrongSpace = Assert.Throws<ArchitectureFormatException>(() =>
            controller.Fit([new ScoredArchitecture(PublishedArchitectures.All[0].Genotype, 1)], 0, CancellationToken.None));
        Assert.Contains("NAS-Bench-201", wrongSpace.Message);
        var untrained = Assert.Throws<InvalidOperationException>(() => controller.Predict([good[0].Genotype]));
        Assert.Contains("call Fit, or Load", untrained.Message);
        Assert.False(controller.IsTrained);
    }

    [Fact]
    public void A_cancelled_fit_stops_with_OperationCanceledException()
    {
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 1000));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => controller.Fit(Pool(SearchSpaceRegistry.Nb201, 4, seed: 1), 0, cancellation.Token));
    }
}
