namespace Nao.Training;

/// <summary>The outcome of training a convolutional network.</summary>
/// <param name="Status">Completed, or diverged (NaN/infinite loss or gradient norm, or a loss far above chance).</param>
/// <param name="Message">Why the run stopped early; null when it completed.</param>
/// <param name="Epochs">One report per epoch trained, including epochs restored from a checkpoint.</param>
/// <param name="BestDevAccuracy">Best dev accuracy over the epochs; null without a dev set.</param>
/// <param name="BestEpoch">The epoch (1-based) of the best dev accuracy.</param>
/// <param name="FinalDevAccuracy">Dev accuracy after the last epoch.</param>
/// <param name="TestAccuracy">Test accuracy of the final network; null without a test set or after divergence.</param>
/// <param name="TestImages">Number of test images evaluated.</param>
/// <param name="Parameters">Trainable parameters, auxiliary head excluded (as the paper counts).</param>
/// <param name="ResumedFromEpoch">The number of epochs restored from a checkpoint (0 for a fresh run).</param>
/// <param name="Elapsed">Wall time of this process's part of the run.</param>
public sealed record ConvTrainingResult(TrainingStatus Status, string? Message, IReadOnlyList<EpochReport> Epochs,
    double? BestDevAccuracy, int? BestEpoch, double? FinalDevAccuracy, double? TestAccuracy, int TestImages,
    long Parameters, int ResumedFromEpoch, TimeSpan Elapsed);
