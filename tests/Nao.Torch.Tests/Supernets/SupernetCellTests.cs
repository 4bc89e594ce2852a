using Nao.Genotypes;
using Nao.Operations;
using Nao.SearchSpaces;
using Nao.Supernets;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Supernets;

public sealed class SupernetCellTests
{
    private static readonly IReadOnlyList<CellOperation> AllOps = ConvSupernetSettings.EnasOperations;

    public SupernetCellTests() => TorchTestSetup.Initialize();

    public static TheoryData<int> Seeds() => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Reduction_cells_halve_the_size_and_every_cell_outputs_C_channels_for_random_architectures(int seed)
    {
        var genotype = seed == 0 ? SupernetTestData.EveryInput : (ConvGenotype)SearchSpaceRegistry.Enas.Sample(new Random(seed));
        using var scope = torch.NewDisposeScope();
        // After a reduction: h[-2] is twice as large, with other channels, so it goes through a factorized reduction.
        using var afterReduction = new SupernetCell(AllOps, 5, reduction: false, 6, input0Larger: true, 8, 8);
        using var reduction = new SupernetCell(AllOps, 5, reduction: true, 6, input0Larger: false, 6, 12);
        var large = torch.randn(2, 6, 8, 8);
        var small = torch.randn(2, 8, 4, 4);
        Assert.Equal(new long[] { 2, 8, 4, 4 }, afterReduction.Forward(large, small, genotype.Normal).shape);
        Assert.Equal(new long[] { 2, 12, 4, 4 }, reduction.Forward(large, large, genotype.Reduction).shape);
        Assert.Equal(new long[] { 2, 12, 4, 4 }, reduction.Forward(large, large, genotype.Normal).shape);
    }

    [Fact]
    public void The_network_has_3N_plus_2_cells_with_doubling_channels_and_gives_logits_for_every_architecture()
    {
        using var network = new SupernetNetwork(AllOps, 5, layers: 2, filters: 4, inputChannels: 3, classes: 10, seed: 1);
        var cells = network.Cells;
        Assert.Equal(8, cells.Count);
        Assert.Equal(new[] { 2, 5 }, Enumerable.Range(0, 8).Where(i => cells[i].IsReduction));
        Assert.Equal(new long[] { 4, 4, 8, 8, 8, 16, 16, 16 }, cells.Select(c => c.OutputChannels));
        using var scope = torch.NewDisposeScope();
        var images = torch.randn(3, 3, 8, 8);
        foreach (var seed in Enumerable.Range(0, 4))
        {
            var genotype = (ConvGenotype)SearchSpaceRegistry.Enas.Sample(new Random(seed));
            Assert.Equal(new long[] { 3, 10 }, network.Forward(images, genotype).shape);
        }
    }

    [Fact]
    public void MNIST_sized_images_whose_second_reduction_meets_an_odd_size_give_logits()
    {
        // 28 → 14 → 7: the second reduction halves an odd size (to 4) on every path, strided ops and factorized reductions alike.
        using var network = new SupernetNetwork(AllOps, 5, layers: 1, filters: 4, inputChannels: 1, classes: 10, seed: 1);
        using var scope = torch.NewDisposeScope();
        var images = torch.randn(2, 1, 28, 28);
        Assert.Equal(new long[] { 2, 10 }, network.Forward(images, SupernetTestData.EveryInput).shape);
        Assert.Equal(new long[] { 2, 10 }, network.Forward(images, SupernetTestData.SharesFirstNode).shape);
    }

    [Fact]
    public void Slots_with_parameters_have_their_own_weights_and_parameterless_ops_are_shared()
    {
        using var cell = new SupernetCell(AllOps, 5, reduction: true, 4, input0Larger: false, 4, 4);
        var first = cell.Operation(1, 0, 0, CellOperation.SepConv3x3);
        Assert.NotSame(first, cell.Operation(1, 0, 1, CellOperation.SepConv3x3));
        Assert.NotSame(first, cell.Operation(1, 1, 0, CellOperation.SepConv3x3));
        Assert.NotSame(first, cell.Operation(2, 0, 0, CellOperation.SepConv3x3));
        Assert.NotSame(first, cell.Operation(1, 0, 0, CellOperation.SepConv5x5));
        Assert.Same(first, cell.Operation(1, 0, 0, CellOperation.SepConv3x3));
        // A strided identity is a factorized reduction with weights; at stride 1 it is one shared module.
        Assert.NotEmpty(cell.Operation(0, 0, 0, CellOperation.Identity).parameters());
        Assert.NotSame(cell.Operation(0, 0, 0, CellOperation.Identity), cell.Operation(0, 0, 1, CellOperation.Identity));
        Assert.Same(cell.Operation(1, 0, 2, CellOperation.Identity), cell.Operation(4, 1, 5, CellOperation.Identity));
        Assert.Same(cell.Operation(0, 0, 0, CellOperation.MaxPool3x3), cell.Operation(3, 1, 1, CellOperation.MaxPool3x3));
        Assert.Throws<ArgumentOutOfRangeException>(() => cell.Operation(1, 0, 3, CellOperation.SepConv3x3));
    }

    [Fact]
    public void Supernet_batch_norm_has_no_parameters_and_normalizes_with_batch_statistics_in_evaluation_mode_too()
    {
        using var bn = BatchNorms.Create(3, batchStatistics: true);
        Assert.Empty(bn.parameters());
        Assert.Empty(bn.buffers());
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(4, 3, 5, 5).mul(3).add(2);
        bn.train();
        var trained = bn.call(x);
        bn.eval();
        var evaluated = bn.call(x);
        Assert.True(trained.allclose(evaluated));
        Assert.True(evaluated.mean([0L, 2L, 3L]).abs().max().item<float>() < 1e-4);
    }
}
