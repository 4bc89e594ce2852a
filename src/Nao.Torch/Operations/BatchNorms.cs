using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// The two batch norms the ops use. Stand-alone networks get the usual one (affine scale and shift, running
/// statistics for evaluation). Weight-sharing supernets get one with neither, as ENAS's shared layers do: running
/// statistics accumulated over many sampled architectures describe none of them, so each forward pass normalizes
/// with its own batch's statistics, in training and in scoring alike, and a score depends only on the weights, the
/// architecture and the (fixed) batch. Without affine parameters an op's only weights are its convolutions.
/// </summary>
public static class BatchNorms
{
    /// <summary>A batch norm over <paramref name="channels"/> channels; input and output [N, C, H, W].</summary>
    /// <param name="channels">C.</param>
    /// <param name="batchStatistics">True for the supernets' kind: affine = false, track_running_stats = false.</param>
    public static BatchNorm2d Create(long channels, bool batchStatistics) =>
        batchStatistics ? nn.BatchNorm2d(channels, affine: false, track_running_stats: false) : nn.BatchNorm2d(channels);
}
