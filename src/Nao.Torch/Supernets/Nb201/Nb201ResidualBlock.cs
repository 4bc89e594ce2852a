using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets.Nb201;

/// <summary>
/// NAS-Bench-201's reduction between stages, a ResNet basic block: ReLU-conv3×3(stride 2)-BN, ReLU-conv3×3-BN, plus
/// a shortcut of 2×2 average pooling and a 1×1 convolution. It is the same for every architecture, so every
/// mini-batch trains it. Input [N, C, H, W]; output [N, 2C, H/2, W/2].
/// </summary>
internal sealed class Nb201ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly ReluConvBn convA;
    private readonly ReluConvBn convB;
    private readonly AvgPool2d shortcutPool;
    private readonly Conv2d shortcutConv;

    /// <summary>Builds the block from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public Nb201ResidualBlock(long inChannels, long outChannels) : base(nameof(Nb201ResidualBlock))
    {
        convA = new ReluConvBn(inChannels, outChannels, 3, 2, 1, batchStatistics: true);
        convB = new ReluConvBn(outChannels, outChannels, 3, 1, 1, batchStatistics: true);
        shortcutPool = nn.AvgPool2d(2, 2);
        shortcutConv = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var residual = convB.call(convA.call(input));
        var shortcut = shortcutConv.call(shortcutPool.call(input));
        return residual.add_(shortcut).MoveToOuterDisposeScope();
    }
}
