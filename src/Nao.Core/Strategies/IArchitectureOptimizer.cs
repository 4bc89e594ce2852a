using Nao.Genotypes;

namespace Nao.Strategies;

/// <summary>An evaluated architecture as training data for an optimizer: higher scores are better.</summary>
public sealed record ScoredArchitecture(Genotype Genotype, double Score);

/// <summary>
/// A new architecture found by optimizing in the continuous space (NAO Eq. 2): the seed it came from, the step
/// size η that produced it, and the predicted score of the seed and of the result (both in the normalized [0, 1] scale).
/// </summary>
/// <param name="Genotype">The new architecture.</param>
/// <param name="Seed">The architecture it was optimized from.</param>
/// <param name="StepSize">η of the (last) Eq. 2 step.</param>
/// <param name="PredictedBefore">f(E(seed)).</param>
/// <param name="PredictedAfter">f(E(new)).</param>
/// <param name="Steps">Eq. 2 steps taken: 1, or 2 when the first step's path gave nothing predicted better and a second step started from a new architecture on that path.</param>
/// <param name="Position">The token position whose encoder output alone the step moved, when the step along every position gave nothing predicted better; null for the step along every position.</param>
public sealed record OptimizedArchitecture(Genotype Genotype, Genotype Seed, double StepSize, double PredictedBefore, double PredictedAfter, int Steps = 1, int? Position = null);

/// <summary>What fitting an optimizer measured on its own training data.</summary>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Loss">Final combined loss λ·MSE + (1-λ)·CE.</param>
/// <param name="PredictorMse">Final predictor mean squared error on normalized scores.</param>
/// <param name="DecoderCrossEntropy">Final decoder cross-entropy per token.</param>
/// <param name="Duration">Wall time.</param>
public sealed record OptimizerFitReport(int Epochs, double Loss, double PredictorMse, double DecoderCrossEntropy, TimeSpan Duration);

/// <summary>
/// The NAO controller as the search sees it (encoder, predictor, decoder): fit on evaluated architectures, predict
/// scores, propose better architectures. Core depends only on this interface, so strategies stay free of TorchSharp;
/// Nao.Torch implements it.
/// </summary>
public interface IArchitectureOptimizer : IDisposable
{
    /// <summary>
    /// Trains on every evaluated architecture so far. Scores are raw (higher better); the optimizer normalizes them.
    /// Deterministic for a given <paramref name="seed"/> and data.
    /// </summary>
    OptimizerFitReport Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken);

    /// <summary>Predicted scores in the normalized [0, 1] scale of the last fit.</summary>
    IReadOnlyList<double> Predict(IReadOnlyList<Genotype> architectures);

    /// <summary>
    /// One continuous-space step from each seed (Eq. 2), growing η until the decoded architecture is valid, not
    /// <paramref name="isKnown"/>, and not proposed earlier in this call; seeds that reach the step bound without a
    /// new architecture yield nothing.
    /// </summary>
    IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, Func<Genotype, bool> isKnown, CancellationToken cancellationToken);

    /// <summary>Saves the trained state (weights, options, space) to a file, atomically.</summary>
    void Save(string path);

    /// <summary>Restores a state saved by <see cref="Save"/> for the same space and options.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt, or belongs to another space.</exception>
    void Load(string path);
}
