using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Supernets;

public sealed partial class ConvSupernetTests
{
    public ConvSupernetTests() => TorchTestSetup.Initialize();

    private static ConvSupernet Tiny(int seed = 3, ConvSupernetSettings? settings = null, int train = 16) =>
        new(settings ?? SupernetTestData.Tiny, SupernetTestData.Images(train), seed);

    private static Genotype[] RandomPool(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => SearchSpaceRegistry.Enas.Sample(random))];
    }

    [Fact]
    public void A_forward_and_backward_pass_gives_gradients_to_the_sampled_ops_only()
    {
        using var supernet = Tiny();
        var genotype = SupernetTestData.EveryInput;
        using (var scope = torch.NewDisposeScope())
        {
            var (images, labels) = (torch.randn(4, 3, 8, 8), torch.tensor(new long[] { 0, 1, 2, 3 }));
            nn.functional.cross_entropy(supernet.Network.Forward(images, genotype), labels).backward();
        }
        var (used, unused) = (0, 0);
        foreach (var cell in supernet.Network.Cells)
        {
            var architecture = cell.IsReduction ? genotype.Reduction : genotype.Normal;
            for (var k = 0; k < 5; k++)
            {
                var node = architecture.Nodes[k];
                for (var side = 0; side < 2; side++)
                {
                    var branch = side == 0 ? node.First : node.Second;
                    for (var input = 0; input < k + 2; input++)
                    {
                        foreach (var op in ConvSupernetSettings.EnasOperations)
                        {
                            var sampled = branch.Input == input && branch.Operation == op;
                            foreach (var parameter in cell.Operation(k, side, input, op).parameters())
                            {
                                var grad = parameter.grad;
                                if (sampled)
                                {
                                    Assert.NotNull(grad);
                                    Assert.True(grad.abs().sum().item<float>() > 0, $"node {k} side {side} input {input} {op.Name()} has a zero gradient");
                                    used++;
                                }
                                else
                                {
                                    Assert.True(grad is null || grad.abs().sum().item<float>() == 0,
                                        $"node {k} side {side} input {input} {op.Name()} was not sampled but has a gradient");
                                    unused++;
                                }
                            }
                        }
                    }
                }
            }
        }
        Assert.True(used > 20 && unused > 10 * used, $"{used} sampled and {unused} unsampled weights checked");
    }

    [Fact]
    public void Training_moves_the_weights_of_the_sampled_architecture_only_and_shared_branches_are_one_set_of_weights()
    {
        using var supernet = Tiny();
        var normal = supernet.Network.Cells[0];
        // Node 0's first branch (0, sep3x3) is the same in both architectures: one module, one set of tensors.
        var sharedSlot = normal.Operation(0, 0, 0, CellOperation.SepConv3x3).parameters().First();
        var onlyInOther = normal.Operation(1, 0, 1, CellOperation.SepConv5x5).parameters().First();
        var sharedStart = sharedSlot.data<float>().ToArray();
        var otherStart = onlyInOther.data<float>().ToArray();

        supernet.TrainEpoch([SupernetTestData.SharesFirstNode], seed: 1, CancellationToken.None);
        var sharedMiddle = sharedSlot.data<float>().ToArray();
        var otherMiddle = onlyInOther.data<float>().ToArray();
        Assert.NotEqual(sharedStart, sharedMiddle);
        Assert.NotEqual(otherStart, otherMiddle);
        var before = SupernetTestData.Weights(supernet);

        supernet.TrainEpoch([SupernetTestData.EveryInput], seed: 2, CancellationToken.None);

        // The shared tensor moves again; the slot only the other architecture uses has no gradient now, so SGD leaves
        // it alone: no weight decay and no momentum step (a zero gradient instead of none would have moved it).
        Assert.NotEqual(sharedMiddle, sharedSlot.data<float>().ToArray());
        Assert.Equal(otherMiddle, onlyInOther.data<float>().ToArray());
        var after = SupernetTestData.Weights(supernet);
        var moved = before.Keys.Count(name => !before[name].SequenceEqual(after[name]));
        Assert.InRange(moved, 20, before.Count / 3);
    }

    [Fact]
    public void An_epoch_reports_its_count_loss_and_accuracy_and_is_deterministic_for_a_seed()
    {
        var pool = RandomPool(3, seed: 8);
        using var first = Tiny(seed: 4);
        // Weights come from the supernet's own generator: torch's global one (which other threads may use) plays no part.
        torch.manual_seed(77);
        torch.rand(10).Dispose();
        using var second = Tiny(seed: 4);
        var report = first.TrainEpoch(pool, seed: 11, CancellationToken.None);
        var again = second.TrainEpoch(pool, seed: 11, CancellationToken.None);

        Assert.Equal(1, report.Epoch);
        Assert.Equal(4, report.Batches);
        Assert.True(double.IsFinite(report.Loss) && report.Loss > 0, $"loss {report.Loss}");
        Assert.InRange(report.Metric, 0, 1);
        Assert.True(report.Duration > TimeSpan.Zero);
        Assert.Equal(report.Loss, again.Loss);
        Assert.Equal(report.Metric, again.Metric);
        Assert.Equal(SupernetTestData.Weights(first), SupernetTestData.Weights(second));
        Assert.Equal(pool.Select(g => first.Score(g, default).Score), pool.Select(g => second.Score(g, default).Score));

        Assert.Equal(2, first.TrainEpoch(pool, seed: 12, CancellationToken.None).Epoch);
        Assert.Equal(2, first.CompletedEpochs);
        // Another seed draws other architectures and batches: other weights.
        using var third = Tiny(seed: 4);
        third.TrainEpoch(pool, seed: 99, CancellationToken.None);
        Assert.NotEqual(SupernetTestData.Weights(second), SupernetTestData.Weights(third));
    }

    [Fact]
    public void The_learning_rate_follows_a_cosine_over_the_planned_epochs_then_stays_at_the_floor()
    {
        using var supernet = Tiny(settings: SupernetTestData.Tiny with { LearningRate = 0.1, MinLearningRate = 0.01, TotalEpochs = 4 });
        Assert.Equal(0.1, supernet.LearningRateAt(0), 12);
        Assert.Equal(0.055, supernet.LearningRateAt(2), 12);
        Assert.Equal(0.01, supernet.LearningRateAt(4), 12);
        Assert.Equal(0.01, supernet.LearningRateAt(9), 12);
    }

    [Fact]
    public void A_score_is_the_dev_accuracy_in_0_1_and_the_same_on_every_call()
    {
        using var supernet = Tiny();
        supernet.TrainEpoch(RandomPool(2, seed: 1), seed: 5, CancellationToken.None);
        foreach (var genotype in RandomPool(4, seed: 2))
        {
            var result = supernet.Score(genotype, CancellationToken.None);
            Assert.True(result.IsOk);
            Assert.InRange(result.Score, 0, 1);
            // 8 dev images: the accuracy is a multiple of 1/8.
            Assert.Equal(0, result.Score * 8 % 1, 9);
            Assert.Equal(result.Score, result.Metrics["ws_valid_accuracy"]);
            Assert.Equal(2, result.Metrics["ws_dev_batches"]);
            Assert.Equal(8, result.Metrics["ws_dev_images"]);
            Assert.Equal(result.Score, supernet.Score(genotype, CancellationToken.None).Score);
        }
    }

    [Fact]
    public void An_architecture_with_an_op_outside_the_supernets_ops_is_rejected_with_a_clear_message()
    {
        using var supernet = Tiny(settings: SupernetTestData.Tiny with { Ops = "sep3x3, sep5x5,avg3x3" });
        var before = SupernetTestData.Weights(supernet);
        var score = Assert.Throws<ArgumentException>(() => supernet.Score(SupernetTestData.EveryInput, CancellationToken.None));
        Assert.Contains("uses max3x3, identity", score.Message);
        Assert.Contains("its ops: sep3x3, sep5x5, avg3x3", score.Message);
        var train = Assert.Throws<ArgumentException>(() =>
            supernet.TrainEpoch([SupernetTestData.SharesFirstNode, SupernetTestData.EveryInput], 1, CancellationToken.None));
        Assert.Contains("max3x3", train.Message);
        // The pool is checked before any batch trains.
        Assert.Equal(before, SupernetTestData.Weights(supernet));
        Assert.Equal(0, supernet.CompletedEpochs);
        var notConv = Assert.Throws<ArgumentException>(() => supernet.Score(SearchSpaceRegistry.EnasRnn.Sample(new Random(1)), default));
        Assert.Contains("convolutional cell architectures", notConv.Message);
        Assert.Throws<ArgumentException>(() => supernet.TrainEpoch([], 1, CancellationToken.None));
    }

    [Fact]
    public void A_cancelled_epoch_throws_and_counts_no_epoch()
    {
        using var supernet = Tiny();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => supernet.TrainEpoch(RandomPool(2, 1), 1, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => supernet.Score(SupernetTestData.EveryInput, cancelled.Token));
        Assert.Equal(0, supernet.CompletedEpochs);
    }

    [Fact]
    public void Fifty_training_steps_and_scorings_leave_no_live_tensors_behind()
    {
        using var supernet = Tiny(train: 100);
        var pool = RandomPool(2, seed: 6);
        // Each architecture's first step creates its weights' momentum buffers; count from after that.
        foreach (var genotype in pool) supernet.TrainEpoch([genotype], 1, CancellationToken.None);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var steps = supernet.TrainEpoch(pool, 2, CancellationToken.None).Batches + supernet.TrainEpoch(pool, 3, CancellationToken.None).Batches;
        for (var i = 0; i < 50; i++) supernet.Score(pool[i % pool.Length], CancellationToken.None);

        Assert.Equal(50, steps);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
