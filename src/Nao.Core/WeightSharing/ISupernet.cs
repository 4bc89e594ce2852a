using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.WeightSharing;

/// <summary>
/// A weight-sharing supernet (NAO-WS, DESIGN.md sections 1 and 6): one over-parameterized network of a search space
/// whose shared weights stand in for training each candidate. Core sees only this interface, so the NAO-WS loop stays
/// free of TorchSharp; Nao.Torch implements it for the <c>enas</c> (images) and <c>enas-rnn</c> (text) spaces.
/// </summary>
/// <remarks>
/// Contract for implementations:
/// <list type="bullet">
/// <item>Only the sampled architecture's ops run in a forward pass; memory grows with the sampled architecture, not
/// with the number of candidate ops.</item>
/// <item>Deterministic: the same state, pool and <c>seed</c> give the same weights after <see cref="TrainEpoch"/>, and
/// <see cref="Score"/> is a pure function of the state and the genotype (fixed dev batches, no dropout), so a resumed
/// search reproduces an uninterrupted one.</item>
/// <item>Cancellation: throw <see cref="OperationCanceledException"/>; the loop then resumes from the last saved state.</item>
/// </list>
/// </remarks>
public interface ISupernet : IDisposable
{
    /// <summary>A short description for run logs and reports, e.g. <c>enas supernet N=1 F=16 on cifar10</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Trains the shared weights for one pass over the training data, drawing for each mini-batch one architecture of
    /// <paramref name="pool"/> uniformly at random (with a generator seeded by <paramref name="seed"/>).
    /// </summary>
    SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken);

    /// <summary>
    /// Scores one architecture with the shared weights on the configured dev batches. Higher is better: accuracy for
    /// images, −ln(validation perplexity) for text (minus the cross-entropy in nats per token, the scale of the
    /// stand-alone recurrent evaluator); the metrics say which (<c>ws_valid_accuracy</c>, <c>ws_valid_perplexity</c>, …).
    /// </summary>
    EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the shared weights, the optimizer state and the supernet's epoch counter to a file, atomically (write a
    /// temp file, then rename), with a fingerprint of the settings that <see cref="Load"/> checks.
    /// </summary>
    void Save(string path);

    /// <summary>
    /// Restores a state saved by <see cref="Save"/> (weights, optimizer state, epoch counter) from a supernet built with
    /// the same settings.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is corrupt or belongs to other settings; the message names the file.</exception>
    void Load(string path);
}
