using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Networks;

public sealed class CellNetworkTests
{
    private static readonly CellNetworkOptions Tiny = new() { Layers = 1, Filters = 4 };

    public CellNetworkTests() => TorchTestSetup.Initialize();

    public static TheoryData<string> PublishedCellArchitectures() =>
        [.. PublishedArchitectures.All.Where(a => a.Genotype is ConvGenotype).Select(a => a.Name)];

    public static TheoryData<string, int> RandomArchitectures()
    {
        var data = new TheoryData<string, int>();
        foreach (var space in new[] { SearchSpaceRegistry.Nasnet, SearchSpaceRegistry.Enas })
        {
            for (var seed = 0; seed < 6; seed++) data.Add(space.Name, seed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PublishedCellArchitectures))]
    public void Every_published_cell_architecture_builds_and_trains_at_tiny_size(string name) =>
        AssertForwardAndBackward((ConvGenotype)PublishedArchitectures.Get(name).Genotype);

    [Theory]
    [MemberData(nameof(RandomArchitectures))]
    public void Random_architectures_of_both_cell_spaces_build_and_train_at_tiny_size(string spaceName, int seed) =>
        AssertForwardAndBackward((ConvGenotype)SearchSpaceRegistry.Get(spaceName).Sample(new Random(seed)));

    [Fact]
    public void Reduction_cells_halve_the_spatial_size_and_normal_cells_keep_it()
    {
        using var scope = torch.NewDisposeScope();
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        using var reduction = new ConvCell(genotype.Reduction, reduction: true, 12, input0Larger: false, 12, 8);
        using var normal = new ConvCell(genotype.Normal, reduction: false, 12, input0Larger: false, 12, 4);
        var x = torch.randn(2, 12, 8, 8);
        Assert.Equal(new long[] { 2, 8 * genotype.Reduction.LooseEnds.Length, 4, 4 }, reduction.call(x, x).shape);
        Assert.Equal(new long[] { 2, 4 * genotype.Normal.LooseEnds.Length, 8, 8 }, normal.call(x, x).shape);
    }

    [Fact]
    public void The_network_has_3N_plus_2_cells_with_reductions_after_each_stage_and_doubling_channels()
    {
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("ENAS").Genotype, Tiny with { Layers = 2 });
        var cells = network.Cells;
        Assert.Equal(8, cells.Count);
        Assert.Equal(new[] { 2, 5 }, Enumerable.Range(0, 8).Where(i => cells[i].IsReduction));
        Assert.Equal(2 * cells[0].OutputChannels, cells[3].OutputChannels);
        Assert.Equal(4 * cells[0].OutputChannels, cells[7].OutputChannels);
    }

    [Fact]
    public void The_auxiliary_head_answers_only_in_training_and_its_parameters_are_counted_apart()
    {
        using var scope = torch.NewDisposeScope();
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        using var network = new CellNetwork(genotype, Tiny with { AuxiliaryHead = true, Classes = 7 });
        var x = torch.randn(2, 3, 8, 8);
        network.train();
        Assert.Equal(new long[] { 2, 7 }, network.call(x).Auxiliary!.shape);
        network.eval();
        Assert.Null(network.call(x).Auxiliary);
        using var plain = new CellNetwork(genotype, Tiny with { Classes = 7 });
        Assert.Equal(plain.ParameterCount(), network.ParameterCount());
        Assert.True(network.ParameterCount(includeAuxiliaryHead: true) > network.ParameterCount() + 128 * 768 * 4);
    }

    [Fact]
    public void One_channel_28x28_images_work_with_the_auxiliary_head_as_for_mnist()
    {
        using var scope = torch.NewDisposeScope();
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("NAONet-WS").Genotype,
            Tiny with { InputChannels = 1, AuxiliaryHead = true });
        network.train();
        var output = network.call(torch.randn(3, 1, 28, 28));
        Assert.Equal(new long[] { 3, 10 }, output.Logits.shape);
        Assert.Equal(new long[] { 3, 10 }, output.Auxiliary!.shape);
    }

    [Fact]
    public void Channels_last_and_nchw_compute_the_same_function()
    {
        using var scope = torch.NewDisposeScope();
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        torch.manual_seed(3);
        using var last = new CellNetwork(genotype, Tiny with { ChannelsLast = true });
        using var nchw = new CellNetwork(genotype, Tiny with { ChannelsLast = false });
        nchw.load_state_dict(last.state_dict());
        last.eval();
        nchw.eval();
        var x = torch.randn(2, 3, 16, 16);
        Assert.True(last.call(x).Logits.allclose(nchw.call(x).Logits, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Drop_path_is_random_in_training_grows_with_depth_and_progress_and_is_off_in_evaluation()
    {
        using var scope = torch.NewDisposeScope();
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype,
            Tiny with { DropPathKeepProbability = 0.5 });
        var x = torch.randn(4, 3, 8, 8);
        network.Progress = 1.0;
        network.train();
        torch.manual_seed(1);
        var a = network.call(x).Logits;
        torch.manual_seed(2);
        var b = network.call(x).Logits;
        Assert.False(a.allclose(b));
        network.eval();
        Assert.True(network.call(x).Logits.allclose(network.call(x).Logits));

        Assert.Equal(1.0, DropPath.KeepProbability(0.5, 4, 5, progress: 0));
        Assert.Equal(0.5, DropPath.KeepProbability(0.5, 4, 5, progress: 1), 12);
        Assert.Equal(0.9, DropPath.KeepProbability(0.5, 0, 5, progress: 1), 12);
        Assert.Equal(0.75, DropPath.KeepProbability(0.5, 4, 5, progress: 0.5), 12);
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_the_field_named()
    {
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        var error = Assert.Throws<ArgumentException>(() => new CellNetwork(genotype, Tiny with { Classes = 1 }));
        Assert.Contains("Classes", error.Message);
        Assert.Throws<ArgumentException>(() => new CellNetwork(genotype, Tiny with { DropPathKeepProbability = 0 }));
    }

    [Fact]
    public void NAONet_at_the_papers_N6_F36_is_within_10_percent_of_its_published_10_6M_parameters()
    {
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype, new CellNetworkOptions { Layers = 6, Filters = 36 });
        Assert.InRange(network.ParameterCount(), 10.6e6 * 0.9, 10.6e6 * 1.1);
    }

    private static void AssertForwardAndBackward(ConvGenotype genotype)
    {
        using var scope = torch.NewDisposeScope();
        using var network = new CellNetwork(genotype, Tiny with { AuxiliaryHead = true, DropPathKeepProbability = 0.8 });
        network.train();
        network.Progress = 0.5;
        var x = torch.randn(2, 3, 8, 8);
        var output = network.call(x);
        Assert.Equal(new long[] { 2, 10 }, output.Logits.shape);
        var loss = output.Logits.square().mean().add(output.Auxiliary!.square().mean());
        loss.backward();
        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} got no gradient");
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"{name} has a non-finite gradient");
        }
        network.eval();
        Assert.Equal(new long[] { 2, 10 }, network.call(x).Logits.shape);
    }
}
