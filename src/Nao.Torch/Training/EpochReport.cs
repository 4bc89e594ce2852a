namespace Nao.Training;

/// <summary>What one training epoch did.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="TrainLoss">Mean training loss (including the weighted auxiliary loss).</param>
/// <param name="TrainAccuracy">Share of training images classified right, during training (with augmentation).</param>
/// <param name="DevAccuracy">Share of dev images classified right after the epoch; null without a dev set.</param>
/// <param name="Seconds">Wall time of the epoch's training steps.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
public sealed record EpochReport(int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double? DevAccuracy,
    double Seconds, double ImagesPerSecond);
