namespace Nao.Training.Recurrent;

/// <summary>A progress report from <see cref="LanguageModelTrainer"/>: every few windows, and at the end of each epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="Tokens">Training tokens done in this epoch.</param>
/// <param name="EpochTokens">Training tokens in one epoch.</param>
/// <param name="TrainLoss">Mean training cross-entropy since the previous report (nats per token).</param>
/// <param name="LearningRate">The base learning rate (before the per-window length scaling).</param>
/// <param name="TokensPerSecond">Training throughput since the previous report.</param>
/// <param name="Elapsed">Wall time since the run started.</param>
/// <param name="CompletedEpoch">Set on the report that ends an epoch.</param>
public sealed record LanguageModelProgress(int Epoch, int Epochs, long Tokens, long EpochTokens, double TrainLoss, double LearningRate,
    double TokensPerSecond, TimeSpan Elapsed, LanguageModelEpoch? CompletedEpoch = null);
