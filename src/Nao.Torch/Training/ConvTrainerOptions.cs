using Nao.Data;

namespace Nao.Training;

/// <summary>
/// How a convolutional network is trained (DESIGN.md section 3). Defaults are the paper's search setting for a
/// child network: 25 epochs, batch 128, SGD momentum 0.9, cosine learning rate from 0.024, weight decay 5e-4.
/// </summary>
public sealed record ConvTrainerOptions
{
    /// <summary>Epochs to train. Default 25.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Training mini-batch size. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Mini-batch size for dev and test evaluation (no gradients, so larger is fine). Default 500.</summary>
    public int EvaluationBatchSize { get; init; } = 500;

    /// <summary>Learning rate at the start of the cosine schedule. Default 0.024.</summary>
    public double LearningRate { get; init; } = 0.024;

    /// <summary>Learning rate the cosine schedule ends at. Default 0.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>SGD momentum. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Whether SGD uses Nesterov momentum. Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 weight decay. Default 5e-4.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Maximum global gradient norm; 0 turns clipping off. Default 5 (NAO's grad_bound).</summary>
    public double GradientClipNorm { get; init; } = 5.0;

    /// <summary>Label smoothing of the cross-entropy loss; 0 turns it off. Default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Weight of the auxiliary head's loss when the network has one. Default 0.4.</summary>
    public double AuxiliaryWeight { get; init; } = 0.4;

    /// <summary>Seed of the data order, the augmentations, dropout and drop-path. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Training-image augmentation. Default: crop with padding 4, horizontal flip, no cutout.</summary>
    public ImageAugmentationOptions Augmentation { get; init; } = new();

    /// <summary>
    /// Folder for a checkpoint after every epoch; a run given a folder that holds one resumes after its last
    /// completed epoch. Null keeps no checkpoints. Default null.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// A loss (of the main head) above this many times ln(classes), the loss of uniform guessing, for
    /// <see cref="DivergencePatience"/> steps in a row, or as an epoch's mean, stops the run as diverged, as does a
    /// NaN or infinite loss or gradient norm. Default 10: normal training starts near ln(classes) and goes down.
    /// </summary>
    public double DivergenceFactor { get; init; } = 10;

    /// <summary>Steps in a row the loss must stay above the divergence bound (one spike is not divergence). Default 20.</summary>
    public int DivergencePatience { get; init; } = 20;

    /// <summary>Seconds between progress lines during an epoch. Default 10.</summary>
    public double ProgressIntervalSeconds { get; init; } = 10;

    /// <summary>Checks every field; the message names the field and the valid range.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Require(Epochs >= 1, nameof(Epochs), $"must be at least 1 (got {Epochs})");
        Require(BatchSize >= 2, nameof(BatchSize), $"must be at least 2, because batch norm needs two images (got {BatchSize})");
        Require(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), $"must be at least 1 (got {EvaluationBatchSize})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be positive (got {LearningRate})");
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), $"must be in [0, LearningRate] (got {MinLearningRate})");
        Require(Momentum is >= 0 and < 1, nameof(Momentum), $"must be in [0, 1) (got {Momentum})");
        Require(!Nesterov || Momentum > 0, nameof(Nesterov), "needs a positive Momentum");
        Require(WeightDecay >= 0, nameof(WeightDecay), $"must be 0 or more (got {WeightDecay})");
        Require(GradientClipNorm >= 0, nameof(GradientClipNorm), $"must be 0 (off) or more (got {GradientClipNorm})");
        Require(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), $"must be in [0, 1) (got {LabelSmoothing})");
        Require(AuxiliaryWeight >= 0, nameof(AuxiliaryWeight), $"must be 0 or more (got {AuxiliaryWeight})");
        Require(DivergenceFactor > 1 && double.IsFinite(DivergenceFactor), nameof(DivergenceFactor), $"must be above 1 (got {DivergenceFactor})");
        Require(DivergencePatience >= 1, nameof(DivergencePatience), $"must be at least 1 (got {DivergencePatience})");
        Require(ProgressIntervalSeconds > 0, nameof(ProgressIntervalSeconds), $"must be positive (got {ProgressIntervalSeconds})");
        ArgumentNullException.ThrowIfNull(Augmentation, nameof(Augmentation));
    }

    /// <summary>The cosine learning rate of epoch <paramref name="epoch"/> (0-based), as CosineAnnealingLR steps it per epoch.</summary>
    public double LearningRateAt(int epoch) =>
        MinLearningRate + (LearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2;

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException($"{name} {problem}.", name);
    }
}
