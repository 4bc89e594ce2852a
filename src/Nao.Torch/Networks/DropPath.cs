using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Networks;

/// <summary>
/// Drop-path (NASNet; used by NAO for its final networks): zeroes a branch for a random subset of the batch and
/// scales the rest by 1/keep, so the expected output is unchanged.
/// </summary>
internal static class DropPath
{
    /// <summary>Applies drop-path to [N, C, H, W] with the given keep probability; returns a new tensor.</summary>
    public static Tensor Apply(Tensor input, double keep)
    {
        using var mask = torch.empty(input.shape[0], 1, 1, 1, dtype: input.dtype, device: input.device).bernoulli_(keep);
        using var scaled = input.div(keep);
        return scaled.mul(mask);
    }

    /// <summary>
    /// The keep probability of cell <paramref name="cellIndex"/> (0-based) of <paramref name="cells"/> at training
    /// progress in [0, 1]: it falls linearly with depth to <paramref name="finalKeep"/> at the last cell, and that
    /// drop rate is scaled linearly by progress (official NAO code: layer ratio (i+1)/L, step ratio (e+1)/E).
    /// </summary>
    public static double KeepProbability(double finalKeep, int cellIndex, int cells, double progress)
    {
        var layerKeep = 1.0 - (cellIndex + 1.0) / cells * (1.0 - finalKeep);
        return 1.0 - Math.Clamp(progress, 0.0, 1.0) * (1.0 - layerKeep);
    }
}
