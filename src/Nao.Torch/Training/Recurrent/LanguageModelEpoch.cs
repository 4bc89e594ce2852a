namespace Nao.Training.Recurrent;

/// <summary>One finished training epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training cross-entropy per token (nats, without regularization terms).</param>
/// <param name="ValidLoss">Validation cross-entropy per token (nats).</param>
/// <param name="Tokens">Training tokens processed.</param>
/// <param name="Duration">Wall time of the epoch, validation included.</param>
/// <param name="TokensPerSecond">Training tokens per second (validation excluded).</param>
/// <param name="Averaged">Whether the epoch ran averaged SGD (validation then uses the averaged weights).</param>
public sealed record LanguageModelEpoch(int Epoch, double TrainLoss, double ValidLoss, long Tokens, TimeSpan Duration, double TokensPerSecond, bool Averaged)
{
    /// <summary>Validation perplexity, exp(<see cref="ValidLoss"/>).</summary>
    public double ValidPerplexity => Math.Exp(ValidLoss);
}
