using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Networks.Recurrent;

/// <summary>
/// Samples variational (locked) dropout masks: Bernoulli(1 − p) scaled by 1/(1 − p), one mask per sequence and
/// reused at every time step (Gal and Ghahramani 2016; the ENAS/DARTS <c>mask2d</c> and <c>LockedDropout</c>).
/// The scale is cached as a <see cref="Scalar"/> because implicit number-to-Scalar conversions allocate (TORCHSHARP.md).
/// </summary>
internal sealed class DropoutMask : IDisposable
{
    private readonly double _keep;
    private readonly Scalar? _scale;

    /// <summary>A mask sampler for drop probability <paramref name="probability"/> in [0, 1).</summary>
    public DropoutMask(double probability)
    {
        Probability = probability;
        _keep = 1 - probability;
        if (probability > 0) _scale = (1 / _keep).ToScalar();
    }

    /// <summary>The drop probability.</summary>
    public double Probability { get; }

    /// <summary>A mask of <paramref name="shape"/>, or null when nothing is dropped (probability 0 or evaluation).</summary>
    public Tensor? Sample(bool training, long[] shape, Generator generator, ScalarType dtype, Device device)
    {
        if (!training || _scale is null) return null;
        return torch.empty(shape, dtype, device).bernoulli_(_keep, generator).mul_(_scale);
    }

    /// <inheritdoc />
    public void Dispose() => _scale?.Dispose();
}
