using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>
/// Scores one architecture: a table lookup, a training run from scratch, or a weight-sharing supernet query
/// (NASLib's one <c>query</c> hook, so the same strategy runs on a table or on real training).
/// </summary>
/// <remarks>
/// Contract for implementations:
/// <list type="bullet">
/// <item>Higher <see cref="EvaluationResult.Score"/> is better (return accuracy, or minus the perplexity/loss).</item>
/// <item>An expected failure (diverged training, out of memory) may be returned as <see cref="EvaluationResult.Failed"/>;
/// an exception is also fine: the search records any exception, a NaN or infinite score and a timeout as a failed
/// trial with its message, and goes on.</item>
/// <item>Cancellation: when the cancellation token fires, throw <see cref="OperationCanceledException"/>
/// (do not return a failure), so the trial stays pending and a resumed search reruns it.</item>
/// <item>The search may call <see cref="EvaluateAsync"/> concurrently (its <c>parallel</c> option); an implementation
/// that cannot run twice at once must serialize calls itself.</item>
/// <item>Deterministic evaluators should derive any randomness from the genotype and their own options' seed, never
/// from shared mutable state, so that a resumed search sees the same results.</item>
/// </list>
/// </remarks>
public interface IEvaluator
{
    /// <summary>A short description for run logs and reports, e.g. <c>NAS-Bench-201 c10valid_val200_mean</c>.</summary>
    string Name { get; }

    /// <summary>Evaluates one architecture of the evaluator's search space.</summary>
    /// <exception cref="OperationCanceledException">The search was cancelled; the trial will be rerun on resume.</exception>
    Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken);
}
