using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// The separable convolution of the 5-op space (DESIGN.md section 2): the block ReLU, depthwise k×k conv,
/// pointwise 1×1 conv, BN, applied twice; only the first depthwise conv has the stride.
/// Input [N, C, H, W]; output [N, C, ⌈H/s⌉, ⌈W/s⌉].
/// </summary>
public sealed class SeparableConv : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d depthwise1;
    private readonly Conv2d pointwise1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d depthwise2;
    private readonly Conv2d pointwise2;
    private readonly BatchNorm2d bn2;

    /// <summary>
    /// Creates the op for an odd kernel size (3 or 5 in the space); <paramref name="batchStatistics"/> selects the
    /// supernets' batch norm (<see cref="BatchNorms.Create"/>).
    /// </summary>
    public SeparableConv(long channels, long kernel, long stride, bool batchStatistics = false) : base(nameof(SeparableConv))
    {
        var padding = kernel / 2;
        depthwise1 = nn.Conv2d(channels, channels, kernel, stride: stride, padding: padding, groups: channels, bias: false);
        pointwise1 = nn.Conv2d(channels, channels, 1, bias: false);
        bn1 = BatchNorms.Create(channels, batchStatistics);
        depthwise2 = nn.Conv2d(channels, channels, kernel, stride: 1, padding: padding, groups: channels, bias: false);
        pointwise2 = nn.Conv2d(channels, channels, 1, bias: false);
        bn2 = BatchNorms.Create(channels, batchStatistics);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var a1 = nn.functional.relu(input);
        using var d1 = depthwise1.call(a1);
        using var p1 = pointwise1.call(d1);
        using var b1 = bn1.call(p1);
        using var a2 = nn.functional.relu(b1);
        using var d2 = depthwise2.call(a2);
        using var p2 = pointwise2.call(d2);
        return bn2.call(p2);
    }
}
