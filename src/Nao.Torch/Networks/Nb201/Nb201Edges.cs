using Nao.Genotypes;
using Nao.Operations;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Networks.Nb201;

/// <summary>
/// The one table from <see cref="Nb201Operation"/> to a module, as NAS-Bench-201 defines its edges: none (zero),
/// skip (identity), ReLU-conv1×1-BN, ReLU-conv3×3-BN, and a 3×3 average pool with stride 1 that averages only the
/// pixels inside the image (count_include_pad = false, as the benchmark's code). Every edge maps [N, C, H, W] to
/// [N, C, H, W]: inside a cell no edge changes the channel count or the size.
/// </summary>
public static class Nb201Edges
{
    /// <summary>
    /// Creates the edge module for <paramref name="channels"/> channels. With <paramref name="batchStatistics"/> its
    /// batch norms have no affine parameters and always use the batch's own statistics (<see cref="BatchNorms.Create"/>),
    /// for weight-sharing supernets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown operation or a channel count below 1.</exception>
    public static nn.Module<Tensor, Tensor> Create(Nb201Operation operation, long channels, bool batchStatistics = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        return operation switch
        {
            Nb201Operation.None => new Nb201Zero(),
            Nb201Operation.SkipConnect => nn.Identity(),
            Nb201Operation.NorConv1x1 => new ReluConvBn(channels, channels, 1, 1, 0, batchStatistics),
            Nb201Operation.NorConv3x3 => new ReluConvBn(channels, channels, 3, 1, 1, batchStatistics),
            Nb201Operation.AvgPool3x3 => new CellPool(PoolKind.Average, 3, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No module for this operation."),
        };
    }

    /// <summary>Whether an edge contributes nothing to its node (the zero op), so a forward pass may skip it.</summary>
    public static bool IsZero(Nb201Operation operation) => operation == Nb201Operation.None;
}

/// <summary>The zero edge: output zeros of the input's shape. Input and output [N, C, H, W].</summary>
public sealed class Nb201Zero : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the op; it has no parameters.</summary>
    public Nb201Zero() : base(nameof(Nb201Zero))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => torch.zeros_like(input);
}
