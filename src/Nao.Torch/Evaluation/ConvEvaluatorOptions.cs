using Nao.Networks;
using Nao.Training;

namespace Nao.Evaluation;

/// <summary>
/// How <see cref="ConvTrainingEvaluator"/> trains each candidate. Defaults are the paper's search setting
/// (DESIGN.md section 3): N=3, F=32, 25 epochs, batch 128, cosine SGD from 0.024, weight decay 5e-4.
/// </summary>
public sealed record ConvEvaluatorOptions
{
    /// <summary>
    /// The child network's shape; its input channels and classes are taken from the training data, so those two
    /// fields are ignored. Default N=3, F=32, no auxiliary head, no drop-path, no dropout.
    /// </summary>
    public CellNetworkOptions Network { get; init; } = new() { Layers = 3, Filters = 32 };

    /// <summary>How each child is trained. Default: <see cref="ConvTrainerOptions"/>'s defaults (25 epochs, the search setting).</summary>
    public ConvTrainerOptions Trainer { get; init; } = new();

    /// <summary>
    /// Folder under which each candidate keeps its checkpoints (one subfolder per genotype hash), so a search
    /// resumed after a kill continues a half-trained child. Null keeps none. Default null.
    /// </summary>
    public string? CheckpointRoot { get; init; }
}
