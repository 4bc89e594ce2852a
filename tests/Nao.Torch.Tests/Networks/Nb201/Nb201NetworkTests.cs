using Nao.Genotypes;
using Nao.Networks.Costs;
using Nao.Networks.Nb201;
using Nao.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Networks.Nb201;

public sealed class Nb201NetworkTests
{
    private const string AllConv3x3 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    private const string AllNone = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private static readonly Nb201NetworkOptions Tiny = new() { Cells = 1, Channels = 4, InputSize = 8 };

    public Nb201NetworkTests() => TorchTestSetup.Initialize();

    public static TheoryData<int> Seeds() => [0, 1, 2, 3, 4, 5];

    // NAS-Bench-201's published CIFAR-10 costs (params in MB = 1e6 parameters, FLOPs in M = 1e6 multiply-adds), to
    // the printed precision. The largest (every edge nor_conv_3x3) and smallest (no convolution on any edge: the
    // cell adds no parameters or FLOPs) ends of the space, 1.531546 MB / 220.11969 M and 0.073306 MB / 7.78305 M,
    // are the min/max of the benchmark's cost_info over its 15,625 CIFAR-10 architectures as printed by the users
    // of its API (e.g. EvoXBench's NB201 objective bounds); 0.559386 MB / 78.56193 M is the cost_info printed as an
    // example in PPLib's NB201Evaluator; the example does not name its cell, and the ResNet-like cell below is one
    // that has this pair.
    [Theory]
    [InlineData(AllConv3x3, "1.531546", "220.11969")]
    [InlineData(AllNone, "0.073306", "7.78305")]
    [InlineData("|skip_connect~0|+|avg_pool_3x3~0|skip_connect~1|+|none~0|avg_pool_3x3~1|skip_connect~2|", "0.073306", "7.78305")]
    [InlineData("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|", "0.559386", "78.56193")]
    public void Parameters_and_flops_equal_the_published_cifar10_figures(string architecture, string megaParameters, string megaFlops)
    {
        using var network = new Nb201Network(Nb201Genotype.Parse(architecture), new Nb201NetworkOptions());
        var cost = CostCounter.Count(network, network.Options.InputShape);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(megaParameters, (cost.Parameters / 1e6).ToString("0.######", culture));
        Assert.Equal(megaFlops, (cost.MultiplyAdds / 1e6).ToString("0.#####", culture));
        Assert.Equal(network.ParameterCount, cost.Parameters);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_architectures_map_images_to_one_logit_per_class_and_train(int seed)
    {
        var genotype = (Nb201Genotype)SearchSpaceRegistry.Nb201.Sample(new Random(seed));
        torch.manual_seed(seed);
        using var network = new Nb201Network(genotype, Tiny with { Classes = 7 });
        using var scope = torch.NewDisposeScope();
        var logits = network.call(torch.randn(3, 3, 8, 8));
        Assert.Equal([3L, 7L], logits.shape);
        logits.sum().backward();
        Assert.All(network.parameters(), p => Assert.False(p.grad is { } g && g.isnan().any().item<bool>()));
    }

    [Fact]
    public void The_all_none_network_ignores_its_cells_and_still_has_stem_reductions_and_classifier()
    {
        using var network = new Nb201Network(Nb201Genotype.Parse(AllNone), Tiny);
        using var scope = torch.NewDisposeScope();
        Assert.Equal([2L, 10L], network.call(torch.randn(2, 3, 8, 8)).shape);
        // Stem 3·4·9 + BN 8; blocks 4→8 and 8→16 (two 3×3 convs + BNs + 1×1 shortcut); last BN 32; classifier 16·10+10.
        long expected = 108 + 8 + (288 + 16 + 576 + 16 + 32) + (1152 + 32 + 2304 + 32 + 128) + 32 + 170;
        Assert.Equal(expected, network.ParameterCount);
    }

    [Fact]
    public void Stages_run_at_C_2C_and_4C_with_the_size_halved_by_each_reduction_block()
    {
        using var network = new Nb201Network(Nb201Genotype.Parse(AllConv3x3), Tiny with { Cells = 2 });
        // Cell and block convolutions by output channels: 2 cells × 6 edges per stage, plus 2 in each reduction block.
        var convOutputs = network.named_parameters().Where(p => p.name.EndsWith("conv.weight", StringComparison.Ordinal))
            .GroupBy(p => p.parameter.shape[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<long, int> { [4] = 12, [8] = 14, [16] = 14 }, convOutputs);
        using var scope = torch.NewDisposeScope();
        network.eval();
        var features = new List<long[]>();
        foreach (var layer in network.children().OfType<TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>>>().Single())
        {
            layer.register_forward_hook((_, _, output) => { features.Add(output.shape); return output; });
        }
        network.call(torch.randn(1, 3, 8, 8));
        Assert.Equal([[1, 4, 8, 8], [1, 4, 8, 8], [1, 8, 4, 4], [1, 8, 4, 4], [1, 8, 4, 4], [1, 16, 2, 2], [1, 16, 2, 2], [1, 16, 2, 2]], features);
    }

    [Fact]
    public void A_training_step_leaks_no_tensors()
    {
        var genotype = Nb201Genotype.Parse("|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");
        using var network = new Nb201Network(genotype, Tiny);
        using var optimizer = torch.optim.SGD(network.parameters(), 0.1, 0.9, 0, 5e-4, true);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(network.call(torch.randn(4, 3, 8, 8)), torch.tensor(new long[] { 0, 1, 2, 3 }));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Step();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 10; i++) Step();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
