using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// ReLU, convolution, batch norm: the basic convolutional branch op of the cell spaces (DESIGN.md section 2) and
/// the 1×1 preprocessing of cell inputs. Input [N, Cin, H, W]; output [N, Cout, H', W'] with the usual
/// convolution arithmetic for the given kernel, stride and padding.
/// </summary>
public sealed class ReluConvBn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    // A strided 1×1 conv without padding subsamples first and convolves with stride 1 (StridedPointwise says why).
    private readonly (long Height, long Width) subsample = (1, 1);

    /// <summary>
    /// Creates the block; the convolution has no bias because batch norm follows it. With
    /// <paramref name="batchStatistics"/> the batch norm has no affine parameters and always normalizes with the
    /// batch's own statistics (<see cref="BatchNorms.Create"/>), as weight-sharing supernets need.
    /// </summary>
    public ReluConvBn(long inChannels, long outChannels, (long Height, long Width) kernel, (long Height, long Width) stride,
                      (long Height, long Width) padding, bool batchStatistics = false) : base(nameof(ReluConvBn))
    {
        if (kernel == (1, 1) && padding == (0, 0))
        {
            subsample = stride;
            stride = (1, 1);
        }
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride, padding, bias: false);
        bn = BatchNorms.Create(outChannels, batchStatistics);
        RegisterComponents();
    }

    /// <summary>Creates the block with a square kernel.</summary>
    public ReluConvBn(long inChannels, long outChannels, long kernel, long stride, long padding, bool batchStatistics = false)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding), batchStatistics)
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        // Intermediates are disposed at once: autograd keeps its own references to what backward needs.
        using var activated = nn.functional.relu(input);
        using var sampled = StridedPointwise.Subsample(activated, subsample.Height, subsample.Width);
        using var convolved = conv.call(sampled);
        return bn.call(convolved);
    }
}
