using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// The "1×n then n×1" convolution of the 11-op space: ReLU, 1×n conv, BN, then ReLU, n×1 conv, BN. As in the
/// official NAO code, the stride is split over the two convolutions: (1, s) for the 1×n conv and (s, 1) for the
/// n×1 conv. Input [N, C, H, W]; output [N, C, ⌈H/s⌉, ⌈W/s⌉].
/// </summary>
public sealed class FactorizedConv : nn.Module<Tensor, Tensor>
{
    private readonly ReluConvBn row;
    private readonly ReluConvBn column;

    /// <summary>
    /// Creates the op for an odd kernel length <paramref name="length"/> (3 or 7 in the space);
    /// <paramref name="batchStatistics"/> selects the supernets' batch norm (<see cref="BatchNorms.Create"/>).
    /// </summary>
    public FactorizedConv(long channels, long length, long stride, bool batchStatistics = false) : base(nameof(FactorizedConv))
    {
        if (length % 2 == 0) throw new ArgumentOutOfRangeException(nameof(length), length, "The kernel length must be odd.");
        row = new ReluConvBn(channels, channels, (1, length), (1, stride), (0, length / 2), batchStatistics);
        column = new ReluConvBn(channels, channels, (length, 1), (stride, 1), (length / 2, 0), batchStatistics);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var first = row.call(input);
        return column.call(first);
    }
}
