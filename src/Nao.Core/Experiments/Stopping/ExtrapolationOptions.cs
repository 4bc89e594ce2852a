namespace Nao.Experiments.Stopping;

/// <summary>Settings of <see cref="ExtrapolationRule"/>.</summary>
public sealed record ExtrapolationOptions
{
    /// <summary>The step the prediction is made for; 0 takes the largest last step of the finished curves. Default: 0.</summary>
    public double FinalStep { get; init; }

    /// <summary>The trial must be likely to beat the k-th best finished trial's final score to go on. Default: 3.</summary>
    public int K { get; init; } = 3;

    /// <summary>Stop when the probability of beating that score is below this. Default: 0.05.</summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>Points needed before a fit is trusted (three parameters need more than two). Default: 3.</summary>
    public int MinPoints { get; init; } = 3;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(FinalStep >= 0) || double.IsInfinity(FinalStep)) throw new ArgumentException($"extrapolation: finalStep must be a finite step ≥ 0 (0 for the finished curves' last step); got {FinalStep}.");
        if (K < 1) throw new ArgumentException($"extrapolation: k must be at least 1 (1 = beat the best finished trial); got {K}.");
        if (!(Threshold > 0 && Threshold < 1)) throw new ArgumentException($"extrapolation: threshold must be a probability in (0, 1), e.g. 0.05; got {Threshold}.");
        if (MinPoints < 2) throw new ArgumentException($"extrapolation: minPoints must be at least 2; got {MinPoints}.");
    }
}
