using Nao.Experiments;
using Nao.Genotypes;

namespace Nao.WeightSharing;

/// <summary>
/// One architecture retrained from scratch after a weight-sharing search: its shared-weight score from the final
/// supernet and its stand-alone score from the trainer, so the two can be rank-correlated (DESIGN.md section 6).
/// </summary>
public sealed record StandaloneResult
{
    /// <summary>The role: <c>top</c> (one of the search's best by shared-weight score) or <c>random</c> (the baseline).</summary>
    public required string Role { get; init; }

    /// <summary>The order within the role: 1 is the search's best (top) or the first random one.</summary>
    public required int Rank { get; init; }

    /// <summary>The architecture.</summary>
    public required Genotype Genotype { get; init; }

    /// <summary>The score with the final supernet's shared weights (same scale as the search's trials).</summary>
    public required double SharedScore { get; init; }

    /// <summary>Ok or failed (the trainer threw, diverged or returned a non-finite score).</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>The stand-alone score (higher better: accuracy, or −ln perplexity); NaN when failed.</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>The trainer's metrics (dev and test accuracy or perplexity, epochs, …).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The error of a failed training.</summary>
    public string? Error { get; init; }

    /// <summary>Wall time of the training in seconds.</summary>
    public double Seconds { get; init; }
}
