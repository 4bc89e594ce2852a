using TorchSharp;

namespace Nao.Torch;

/// <summary>
/// Scalars that live as long as the process. A Scalar that TorchSharp makes implicitly (the alpha of <c>a.add(b)</c>,
/// the 2 of <c>x.mul(2)</c>) is referenced only by its native handle during the call, so the collector may finalize it
/// while libtorch reads it (a crash in <c>Scalar::toFloat</c>: "Expected false to be true"). Code that runs often passes
/// these, or a <c>using</c> local made with <c>ToScalar()</c>, instead.
/// </summary>
internal static class HeldScalars
{
    /// <summary>1, e.g. the alpha of <c>a.add(b, HeldScalars.One)</c>.</summary>
    public static readonly Scalar One = 1.0.ToScalar();
}
