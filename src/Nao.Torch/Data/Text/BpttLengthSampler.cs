namespace Nao.Data.Text;

/// <summary>
/// Random truncated-BPTT window lengths, as in AWD-LSTM (Merity et al. 2018, section 4.1) and the DARTS RNN trainer:
/// the base length with probability 0.95, else half of it; then a length drawn from N(base, 5), at least 5 and at
/// most base + <see cref="MaxDelta"/> (DARTS's <c>max_seq_len_delta</c> = 20, which guards against rare huge draws).
/// Randomness comes from the caller's <see cref="Random"/>.
/// </summary>
/// <param name="Bptt">The base length (35 for PTB).</param>
/// <param name="MaxDelta">How far above the base a length may go.</param>
public sealed record BpttLengthSampler(int Bptt, int MaxDelta = 20)
{
    /// <summary>The shortest window drawn.</summary>
    public const int MinLength = 5;

    /// <summary>The standard deviation of the length around its base.</summary>
    public const double Deviation = 5;

    /// <summary>The next window length.</summary>
    public int Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var center = random.NextDouble() < 0.95 ? Bptt : Bptt / 2.0;
        // Box-Muller; int() in the references truncates toward zero, as the cast does.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var length = Math.Max(MinLength, (int)(center + Deviation * normal));
        return Math.Min(length, Bptt + MaxDelta);
    }
}
