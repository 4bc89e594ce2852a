namespace Nao.Training.Recurrent;

/// <summary>The outcome of <see cref="LanguageModelTrainer.Train"/>.</summary>
/// <param name="Status">Completed or failed.</param>
/// <param name="Message">Why it failed; null when it completed.</param>
/// <param name="Epochs">Every finished epoch, those of a resumed run's earlier sessions included.</param>
/// <param name="ResumedFromEpoch">The epoch the run resumed after (0 for a fresh run).</param>
/// <param name="BestValidLoss">The best validation cross-entropy (nats per token); NaN when no epoch finished.</param>
/// <param name="TestLoss">Test cross-entropy with the best-validation weights; null when not measured.</param>
/// <param name="ParameterCount">Trainable values of the model.</param>
/// <param name="Duration">Wall time of this session.</param>
public sealed record LanguageModelTrainingResult(LanguageModelTrainingStatus Status, string? Message, IReadOnlyList<LanguageModelEpoch> Epochs,
    int ResumedFromEpoch, double BestValidLoss, double? TestLoss, long ParameterCount, TimeSpan Duration)
{
    /// <summary>exp(<see cref="BestValidLoss"/>).</summary>
    public double BestValidPerplexity => Math.Exp(BestValidLoss);

    /// <summary>exp(<see cref="TestLoss"/>), or null.</summary>
    public double? TestPerplexity => TestLoss is { } loss ? Math.Exp(loss) : null;
}
