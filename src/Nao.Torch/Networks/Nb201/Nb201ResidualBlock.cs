using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks.Nb201;

/// <summary>
/// The reduction block between NAS-Bench-201's stages: a ResNet basic block with stride 2, in the benchmark's order.
/// Branch: ReLU-conv3×3(stride 2)-BN, then ReLU-conv3×3-BN. Shortcut: 2×2 average pool with stride 2, then a 1×1
/// convolution without bias or BN. Output = shortcut + branch.
/// Input [N, Cin, H, W]; output [N, Cout, H/2, W/2] (H and W even).
/// </summary>
public sealed class Nb201ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly ReluConvBn convA;
    private readonly ReluConvBn convB;
    private readonly Conv2d shortcut;

    /// <summary>Creates the block; with <paramref name="batchStatistics"/> its batch norms are the supernets' kind (<see cref="BatchNorms.Create"/>).</summary>
    public Nb201ResidualBlock(long inChannels, long outChannels, bool batchStatistics = false) : base(nameof(Nb201ResidualBlock))
    {
        convA = new ReluConvBn(inChannels, outChannels, 3, 2, 1, batchStatistics);
        convB = new ReluConvBn(outChannels, outChannels, 3, 1, 1, batchStatistics);
        shortcut = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var branch = convB.call(convA.call(input));
        var pooled = nn.functional.avg_pool2d(input, 2, 2);
        return shortcut.call(pooled).add_(branch).MoveToOuterDisposeScope();
    }
}
