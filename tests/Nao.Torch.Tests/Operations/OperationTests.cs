using Nao.Genotypes;
using Nao.Operations;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Operations;

public sealed class OperationTests
{
    public OperationTests() => TorchTestSetup.Initialize();

    public static TheoryData<CellOperation> AllOperations() => [.. Enum.GetValues<CellOperation>()];

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Every_operation_keeps_the_shape_at_stride_1_and_halves_it_at_stride_2_for_even_and_odd_sizes(CellOperation operation)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var size in new[] { 8, 7 })
        {
            var x = torch.randn(2, 6, size, size);
            using var same = OperationFactory.Create(operation, 6, 1);
            using var reduce = OperationFactory.Create(operation, 6, 2);
            Assert.Equal(new long[] { 2, 6, size, size }, same.call(x).shape);
            var half = (size + 1) / 2;
            Assert.Equal(new long[] { 2, 6, half, half }, reduce.call(x).shape);
        }
    }

    [Fact]
    public void Average_2x2_pads_right_and_bottom_and_leaves_the_padding_out_of_the_average()
    {
        using var scope = torch.NewDisposeScope();
        // 3×3 image 1..9: the window at (2,2) holds only the pixel 9; at (0,2) it holds 3 and 6.
        var x = torch.arange(1, 10, dtype: ScalarType.Float32).reshape(1, 1, 3, 3);
        using var pool = new CellPool(PoolKind.Average, 2, 1);
        var y = pool.call(x);
        Assert.Equal(new long[] { 1, 1, 3, 3 }, y.shape);
        Assert.Equal(3f, y[0, 0, 0, 0].item<float>(), 5);      // (1+2+4+5)/4
        Assert.Equal(4.5f, y[0, 0, 0, 2].item<float>(), 5);    // (3+6)/2, not (3+6)/4
        Assert.Equal(7.5f, y[0, 0, 2, 0].item<float>(), 5);    // (7+8)/2
        Assert.Equal(9f, y[0, 0, 2, 2].item<float>(), 5);      // 9/1
    }

    [Fact]
    public void Max_2x2_never_picks_the_padding_even_when_every_pixel_is_negative()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.full(1, 2, 5, 5, -3f);
        foreach (var stride in new[] { 1, 2 })
        {
            using var pool = new CellPool(PoolKind.Max, 2, stride);
            Assert.Equal(-3f, pool.call(x).max().item<float>());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Odd_average_pools_exclude_padding_so_a_constant_image_stays_constant_at_the_border(int kernel)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.full(1, 1, 6, 6, 2f);
        using var pool = new CellPool(PoolKind.Average, kernel, 1);
        var y = pool.call(x);
        Assert.Equal(2f, y.min().item<float>(), 5);
        Assert.Equal(2f, y.max().item<float>(), 5);
    }

    [Theory]
    [InlineData(3, 1, 9)]
    [InlineData(5, 1, 9)]
    [InlineData(3, 2, 9)]
    [InlineData(5, 2, 8)]
    public void Odd_average_pools_equal_libtorchs_direct_kernel_without_padding_forward_and_backward(int kernel, int stride, int size)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 3, size, size).requires_grad_(true);
        var reference = x.detach().clone().requires_grad_(true);
        using var pool = new CellPool(PoolKind.Average, kernel, stride);
        var y = pool.call(x);
        var expected = nn.functional.avg_pool2d(reference, kernel, stride, kernel / 2, count_include_pad: false);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-6));
        var weights = torch.randn(y.shape);
        y.mul(weights).sum().backward();
        expected.mul(weights).sum().backward();
        Assert.True(x.grad!.allclose(reference.grad!, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Factorized_reduction_halves_the_size_splits_odd_channel_counts_and_reads_both_pixel_grids()
    {
        using var scope = torch.NewDisposeScope();
        using var reduction = new FactorizedReduction(4, 7, applyRelu: false);
        var x = torch.randn(2, 4, 8, 8);
        Assert.Equal(new long[] { 2, 7, 4, 4 }, reduction.call(x).shape);
        // Only the odd pixels (the shifted grid) change: the output must still change, through the second path.
        var shiftedOnly = x.clone();
        shiftedOnly[TensorIndex.Ellipsis, TensorIndex.Slice(1, null, 2), TensorIndex.Slice(1, null, 2)] = torch.zeros(2, 4, 4, 4);
        reduction.eval();
        Assert.False(reduction.call(x).allclose(reduction.call(shiftedOnly)));
    }

    [Fact]
    public void Separable_conv_has_two_depthwise_pointwise_bn_blocks()
    {
        using var op = new SeparableConv(8, 5, 1);
        var expected = 2 * (8 * 5 * 5 + 8 * 8 + 2 * 8);
        Assert.Equal(expected, op.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void One_by_n_then_n_by_one_conv_has_two_relu_conv_bn_blocks_with_rectangular_kernels()
    {
        using var op = new FactorizedConv(8, 7, 2);
        Assert.Equal(2 * (8 * 8 * 7 + 2 * 8), op.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void A_strided_identity_is_a_factorized_reduction_and_an_unstrided_one_has_no_parameters()
    {
        using var plain = OperationFactory.Create(CellOperation.Identity, 8, 1);
        using var strided = OperationFactory.Create(CellOperation.Identity, 8, 2);
        Assert.Empty(plain.parameters());
        Assert.IsType<FactorizedReduction>(strided);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(7)]
    public void Factorized_reduction_equals_two_stride_2_convolutions_on_the_grid_and_the_grid_shifted_by_one_pixel(int size)
    {
        using var scope = torch.NewDisposeScope();
        using var reduction = new FactorizedReduction(4, 6, applyRelu: true);
        reduction.eval();
        var x = torch.randn(2, 4, size, size);
        var weights = reduction.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // The reference: libtorch's own stride-2 1×1 convolutions (NCHW), the second on the input padded at the
        // bottom and right and shifted by one pixel.
        var relu = nn.functional.relu(x);
        var shifted = nn.functional.pad(relu, [0, 1, 0, 1]).narrow(2, 1, size).narrow(3, 1, size);
        var a = nn.functional.conv2d(relu, weights["path1.weight"], strides: [2, 2]);
        var b = nn.functional.conv2d(shifted, weights["path2.weight"], strides: [2, 2]);
        var joined = torch.cat([a, b], 1);
        // eval-mode batch norm with fresh statistics: (x - 0) / sqrt(1 + eps).
        var expected = joined / Math.Sqrt(1 + 1e-5);
        var actual = reduction.call(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"max difference {(actual - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void A_strided_1x1_relu_conv_bn_equals_the_stride_2_convolution_and_has_its_weight_shape()
    {
        using var scope = torch.NewDisposeScope();
        using var op = new ReluConvBn(3, 5, 1, 2, 0);
        op.eval();
        var weight = op.named_parameters().Single(p => p.name == "conv.weight").parameter;
        Assert.Equal(new long[] { 5, 3, 1, 1 }, weight.shape);
        var x = torch.randn(2, 3, 7, 7);
        var expected = nn.functional.conv2d(nn.functional.relu(x), weight, strides: [2, 2]) / Math.Sqrt(1 + 1e-5);
        var actual = op.call(x);
        Assert.Equal(new long[] { 2, 5, 4, 4 }, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Strided_1x1_ops_train_on_channels_last_inputs_with_few_channels()
    {
        // libtorch's oneDNN stride-2 1×1 backward corrupts the heap on AVX2 CPUs for 2-6 channels in channels-last
        // (StridedPointwise): before the fix this test host died with "corrupted size vs. prev_size".
        foreach (var channels in new long[] { 2, 3, 4, 6 })
        {
            using var reduction = new FactorizedReduction(channels, 4, applyRelu: true);
            using var conv = new ReluConvBn(channels, 4, 1, 2, 0);
            for (var step = 0; step < 20; step++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.randn(4, channels, 8, 8).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).requires_grad_();
                (reduction.call(x).square().sum() + conv.call(x).square().sum()).backward();
                Assert.Equal(new long[] { 4, channels, 8, 8 }, x.grad!.shape);
            }
            Assert.All(reduction.parameters().Concat(conv.parameters()), p => Assert.NotNull(p.grad));
        }
    }
}
