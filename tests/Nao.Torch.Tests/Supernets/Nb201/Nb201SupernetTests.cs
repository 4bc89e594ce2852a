using Nao.Benchmarks;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets.Nb201;
using Nao.Tests.Data;
using Nao.WeightSharing;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Supernets.Nb201;

public sealed class Nb201SupernetTests
{
    public Nb201SupernetTests() => TorchTestSetup.Initialize();

    /// <summary>N=1, C=4, batch 4, a dev split of 8 images scored as 2 batches, on 3×8×8 images.</summary>
    private static readonly Nb201SupernetSettings Tiny = new()
    {
        Cells = 1, Channels = 4, BatchSize = 4, DevSize = 8, DevBatches = 2, TotalEpochs = 3, LearningRate = 0.1, LimitTrain = null,
    };

    /// <summary>Every conv edge reaches the output: 3×3 and 1×1 convs, a skip and a pool.</summary>
    private static readonly Nb201Genotype AllReach = Nb201Genotype.Parse(
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|avg_pool_3x3~2|");

    private static Nb201Supernet Create(int seed = 3, Nb201SupernetSettings? settings = null, TabularBenchmark? table = null) =>
        new(settings ?? Tiny, SupernetTestData.Images(16), seed, table);

    private static Genotype[] RandomPool(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => SearchSpaceRegistry.Nb201.Sample(random))];
    }

    [Fact]
    public void A_forward_and_backward_pass_gives_gradients_to_the_sampled_ops_only()
    {
        using var supernet = Create();
        using (var scope = torch.NewDisposeScope())
        {
            var (images, labels) = (torch.randn(4, 3, 8, 8), torch.tensor(new long[] { 0, 1, 2, 3 }));
            nn.functional.cross_entropy(supernet.Network.Forward(images, AllReach), labels).backward();
        }
        var (used, unused) = (0, 0);
        foreach (var cell in supernet.Network.Cells)
        {
            for (var edge = 0; edge < Nb201Genotype.EdgeCount; edge++)
            {
                foreach (var op in new[] { Nb201Operation.NorConv1x1, Nb201Operation.NorConv3x3 })
                {
                    var sampled = AllReach.Edges[edge] == op;
                    foreach (var parameter in cell.Operation(edge, op).parameters())
                    {
                        if (sampled)
                        {
                            Assert.True(parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"edge {edge} {op.Name()} was sampled but has no gradient");
                            used++;
                        }
                        else
                        {
                            Assert.Null(parameter.grad);
                            unused++;
                        }
                    }
                }
            }
        }
        // 3 cells × 4 sampled conv edges, 3 cells × (12 − 4) unused conv modules; one weight each (affine-free BN).
        Assert.Equal(3 * 4, used);
        Assert.Equal(3 * 8, unused);
    }

    [Fact]
    public void An_architecture_of_none_edges_only_runs_and_gives_equal_logits_for_every_image()
    {
        using var supernet = Create();
        var empty = Nb201Genotype.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        using var scope = torch.NewDisposeScope();
        var logits = supernet.Network.Forward(torch.randn(4, 3, 8, 8), empty);
        Assert.Equal(new long[] { 4, 10 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Training_steps_and_scorings_leak_no_tensors()
    {
        using var supernet = Create(seed: 7);
        // One architecture: the first epoch creates the gradients and momentum of all the ops later epochs train.
        Genotype[] pool = [AllReach];
        var warmup = supernet.TrainEpoch(pool, seed: 1, CancellationToken.None);
        supernet.Score(pool[0], CancellationToken.None);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var steps = 0;
        for (var e = 0; e < 3; e++) steps += supernet.TrainEpoch(pool, seed: 2 + e, CancellationToken.None).Batches;
        foreach (var genotype in RandomPool(6, seed: 5)) supernet.Score(genotype, CancellationToken.None);

        Assert.True(warmup.Batches > 0);
        Assert.Equal(12, steps);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_scoring_records_the_table_accuracy_as_ground_truth_but_scores_by_the_shared_weights()
    {
        using var supernet = Create(table: TabularBenchmark.Nb201);
        supernet.TrainEpoch(RandomPool(4, seed: 2), seed: 1, CancellationToken.None);

        var result = supernet.Score(AllReach, CancellationToken.None);

        Assert.Equal(TabularBenchmark.Nb201.Lookup(AllReach), result.Metrics[GroundTruth.Metric]);
        Assert.Equal(result.Metrics["ws_valid_accuracy"], result.Score);
        Assert.InRange(result.Score, 0, 1);
        using var blind = Create();
        Assert.False(blind.Score(AllReach, CancellationToken.None).Metrics.ContainsKey(GroundTruth.Metric));
    }

    [Fact]
    public void A_warm_up_epoch_trains_architectures_outside_the_pool()
    {
        // A pool whose only architecture has no weighted op: without the warm-up no conv of any cell moves.
        var pool = new Genotype[] { Nb201Genotype.Parse("|skip_connect~0|+|skip_connect~0|none~1|+|skip_connect~0|none~1|none~2|") };
        using var plain = Create(seed: 4);
        using var warm = Create(seed: 4, settings: Tiny with { WarmupEpochs = 1 });
        var before = Convs(plain);

        plain.TrainEpoch(pool, seed: 1, CancellationToken.None);
        warm.TrainEpoch(pool, seed: 1, CancellationToken.None);

        Assert.Equal(before, Convs(plain));
        Assert.NotEqual(before, Convs(warm));
    }

    [Fact]
    public void Saving_and_loading_restores_the_scores()
    {
        using var folder = new TestFolder();
        var path = folder.File("supernet.bin");
        using var trained = Create(seed: 9);
        trained.TrainEpoch(RandomPool(4, seed: 3), seed: 2, CancellationToken.None);
        trained.Save(path);
        using var restored = Create(seed: 10);

        restored.Load(path);

        Assert.Equal(1, restored.CompletedEpochs);
        foreach (var genotype in RandomPool(3, seed: 8))
        {
            Assert.Equal(trained.Score(genotype, CancellationToken.None).Score, restored.Score(genotype, CancellationToken.None).Score);
        }
        using var other = Create(settings: Tiny with { Channels = 6 });
        Assert.Throws<InvalidDataException>(() => other.Load(path));
    }

    [Fact]
    public void Settings_out_of_range_are_refused_with_the_setting_named()
    {
        Assert.Contains("spaceFraction", Assert.Throws<ArgumentException>(() => (Tiny with { SpaceFraction = 1.5 }).Validate()).Message);
        Assert.Contains("warmupEpochs", Assert.Throws<ArgumentException>(() => (Tiny with { WarmupEpochs = -1 }).Validate()).Message);
        Assert.Contains("cells (N)", Assert.Throws<ArgumentException>(() => (Tiny with { Cells = 0 }).Validate()).Message);
        Assert.Equal(Tiny, Nb201SupernetSettings.FromJson(Tiny.ToJson()));
    }

    private static string Convs(Nb201Supernet supernet) => string.Join(",",
        supernet.Network.named_parameters().Where(p => p.name.Contains(".ops.", StringComparison.Ordinal)).Select(p => p.parameter.sum().item<float>()));
}
