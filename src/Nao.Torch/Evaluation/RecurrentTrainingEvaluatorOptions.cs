using Nao.Networks.Recurrent;
using Nao.Training.Recurrent;

namespace Nao.Evaluation;

/// <summary>How <see cref="RecurrentTrainingEvaluator"/> trains each recurrent child.</summary>
public sealed record RecurrentTrainingEvaluatorOptions
{
    /// <summary>
    /// The child model; its vocabulary is replaced by the corpus's. Default: hidden 300 (the size DARTS searches at) with
    /// the DARTS dropouts scaled to that size (<see cref="RecurrentModelOptions.ScaledToHidden"/>): a child trained for an
    /// epoch or two learns too little under the full 850-unit regularization to be ranked well.
    /// </summary>
    public RecurrentModelOptions Model { get; init; } = new RecurrentModelOptions().ScaledToHidden(300);

    /// <summary>
    /// How each child is trained. Default: the DARTS settings for 1 epoch, without test perplexity (a search must not
    /// look at the test set); <see cref="LanguageModelTrainerOptions.CheckpointDirectory"/> is ignored (see <see cref="CheckpointRoot"/>).
    /// </summary>
    public LanguageModelTrainerOptions Trainer { get; init; } = new() { Epochs = 1, EvaluateTest = false };

    /// <summary>
    /// A folder under which each architecture gets a checkpoint folder named by its hash, so that a search resumed after
    /// an interruption continues an unfinished training instead of restarting it. Null = no checkpoints. Default null.
    /// </summary>
    public string? CheckpointRoot { get; init; }

    /// <summary>The evaluator's seed; each architecture's seed is derived from it and the architecture's hash. Default 0.</summary>
    public int Seed { get; init; }
}
