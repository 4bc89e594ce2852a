using Nao.Genotypes;
using Nao.Networks;
using Nao.Networks.Costs;
using Nao.SearchSpaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Tests.Networks;

public sealed class CostCounterTests
{
    public CostCounterTests() => TorchTestSetup.Initialize();

    private sealed class TinyNet : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = nn.Conv2d(3, 4, 3, stride: 2, padding: 1, bias: true);
        private readonly BatchNorm2d bn = nn.BatchNorm2d(4);
        private readonly Conv2d grouped = nn.Conv2d(4, 8, 1, groups: 2, bias: false);
        private readonly Linear fc = nn.Linear(8, 5);

        public TinyNet() : base(nameof(TinyNet)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            var x = grouped.call(nn.functional.relu(bn.call(conv.call(input))));
            var pooled = nn.functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1);
            return fc.call(pooled).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void A_tiny_conv_and_linear_net_costs_what_a_hand_count_says()
    {
        using var net = new TinyNet();
        var cost = CostCounter.Count(net, [1, 3, 8, 8]);
        // conv 3→4, 3×3, stride 2 on 8×8: 4×4 outputs × 4 channels × (27 + 1 bias) = 1,792; grouped 1×1 4→8 in 2 groups:
        // 16 outputs × 8 channels × 2 = 256; linear 8→5 with bias: 5 × 9 = 45. BN, ReLU and pooling are not counted.
        Assert.Equal(1792 + 256 + 45, cost.MultiplyAdds);
        // conv 108 + 4; BN 4 + 4; grouped 8·2 = 16; linear 40 + 5.
        Assert.Equal(112 + 8 + 16 + 45, cost.Parameters);
    }

    [Fact]
    public void The_count_is_per_image_and_leaves_the_training_mode_as_it_was()
    {
        using var net = new TinyNet();
        net.train();
        var one = CostCounter.Count(net, [1, 3, 8, 8]);
        var four = CostCounter.Count(net, [4, 3, 8, 8]);
        Assert.Equal(one, four);
        Assert.True(net.training);
        // Hooks are removed: a later forward pass still works and a second count is the same.
        Assert.Equal(one, CostCounter.Count(net, [1, 3, 8, 8]));
    }

    [Fact]
    public void Cell_networks_of_the_nasnet_and_enas_spaces_are_counted_through_the_same_walk()
    {
        var genotype = (ConvGenotype)SearchSpaceRegistry.Enas.Sample(new Random(3));
        using var network = new CellNetwork(genotype, new CellNetworkOptions { Layers = 1, Filters = 4 });
        var small = CostCounter.Count(network, [1, 3, 16, 16]);
        var large = CostCounter.Count(network, [1, 3, 32, 32]);
        Assert.Equal(network.ParameterCount(), small.Parameters);
        // Convolutions scale with the pixel count (4×), the classifier does not.
        Assert.InRange(large.MultiplyAdds, 3.9 * small.MultiplyAdds, 4.0 * small.MultiplyAdds);
    }

    [Fact]
    public void A_shape_without_a_batch_dimension_is_rejected()
    {
        using var net = new TinyNet();
        Assert.Throws<ArgumentException>(() => CostCounter.Count(net, [3]));
        Assert.Throws<ArgumentException>(() => CostCounter.Count(net, [0, 3, 8, 8]));
    }
}
