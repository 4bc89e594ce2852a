using Nao.Genotypes;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// The one table from <see cref="CellOperation"/> to a module (DESIGN.md section 2, official NAO code for the
/// exact layer order). Every op maps [N, C, H, W] to [N, C, ⌈H/s⌉, ⌈W/s⌉]: cell inputs are preprocessed to the
/// cell's channel count, so no op changes the channel count.
/// </summary>
public static class OperationFactory
{
    /// <summary>
    /// Creates the op for a branch with <paramref name="channels"/> channels and stride 1 or 2. With
    /// <paramref name="batchStatistics"/> its batch norms have no affine parameters and always use the batch's own
    /// statistics (<see cref="BatchNorms.Create"/>), for weight-sharing supernets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A stride other than 1 or 2, or an op with no module.</exception>
    public static nn.Module<Tensor, Tensor> Create(CellOperation operation, long channels, long stride, bool batchStatistics = false)
    {
        if (stride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(stride), stride, "Branch strides are 1 or 2.");
        return operation switch
        {
            // A strided identity must still halve the size: a factorized reduction without ReLU, as in NAO.
            CellOperation.Identity => stride == 1 ? nn.Identity() : new FactorizedReduction(channels, channels, applyRelu: false, batchStatistics),
            CellOperation.Conv1x1 => new ReluConvBn(channels, channels, 1, stride, 0, batchStatistics),
            CellOperation.Conv3x3 => new ReluConvBn(channels, channels, 3, stride, 1, batchStatistics),
            CellOperation.Conv1x3And3x1 => new FactorizedConv(channels, 3, stride, batchStatistics),
            CellOperation.Conv1x7And7x1 => new FactorizedConv(channels, 7, stride, batchStatistics),
            CellOperation.MaxPool2x2 => new CellPool(PoolKind.Max, 2, stride),
            CellOperation.MaxPool3x3 => new CellPool(PoolKind.Max, 3, stride),
            CellOperation.MaxPool5x5 => new CellPool(PoolKind.Max, 5, stride),
            CellOperation.AvgPool2x2 => new CellPool(PoolKind.Average, 2, stride),
            CellOperation.AvgPool3x3 => new CellPool(PoolKind.Average, 3, stride),
            CellOperation.AvgPool5x5 => new CellPool(PoolKind.Average, 5, stride),
            CellOperation.SepConv3x3 => new SeparableConv(channels, 3, stride, batchStatistics),
            CellOperation.SepConv5x5 => new SeparableConv(channels, 5, stride, batchStatistics),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No module for this operation."),
        };
    }

    /// <summary>Whether the op is the identity; drop-path skips identity branches (issue 4).</summary>
    public static bool IsIdentity(CellOperation operation) => operation == CellOperation.Identity;
}
