namespace Nao.Training;

/// <summary>A progress report during training, for a display.</summary>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="Accuracy">Training accuracy so far in this epoch.</param>
/// <param name="LearningRate">The epoch's learning rate.</param>
/// <param name="ImagesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="Remaining">Estimated time until training ends.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double Loss, double Accuracy, double LearningRate,
    double ImagesPerSecond, TimeSpan Remaining)
{
    /// <summary>One line: epoch, step, loss, accuracy, learning rate, images/s, ETA.</summary>
    public override string ToString() =>
        FormattableString.Invariant(
            $"epoch {Epoch}/{Epochs} step {Step}/{Steps} loss {Loss:F4} acc {Accuracy:P1} lr {LearningRate:G4} {ImagesPerSecond:F0} img/s ETA {FormatDuration(Remaining)}");

    /// <summary>h:mm:ss.</summary>
    public static string FormatDuration(TimeSpan span) =>
        FormattableString.Invariant($"{(int)span.TotalHours}:{span.Minutes:D2}:{span.Seconds:D2}");
}
