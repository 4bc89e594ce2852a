namespace Nao.Training;

/// <summary>What one NB201 training returns.</summary>
/// <param name="Status">Completed, or diverged (a non-finite loss).</param>
/// <param name="Message">Why it diverged; null when it completed.</param>
/// <param name="ValidAccuracy">Accuracy on the validation images after the last epoch (NAS-Bench-201's val200 measure at 200 epochs); null when diverged.</param>
/// <param name="Epochs">One report per completed epoch (dev accuracy only on the last).</param>
/// <param name="Parameters">Trainable parameters of the network.</param>
/// <param name="MultiplyAdds">Multiply-adds of one image's forward pass (NAS-Bench-201's FLOPs).</param>
/// <param name="Elapsed">Wall time of the training and the validation.</param>
public sealed record Nb201TrainingResult(TrainingStatus Status, string? Message, double? ValidAccuracy, IReadOnlyList<EpochReport> Epochs,
    long Parameters, long MultiplyAdds, TimeSpan Elapsed);
