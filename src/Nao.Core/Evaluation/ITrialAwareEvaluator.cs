namespace Nao.Evaluation;

/// <summary>
/// An evaluator that wants the trial's index, round, tokens and the search seed, not only the architecture (for
/// example to give each trial its own folder). The search loop calls <see cref="EvaluateAsync(TrialContext, CancellationToken)"/>
/// on evaluators that implement it; <see cref="IEvaluator.EvaluateAsync"/> stays for callers without a trial, such as
/// decorators. The <see cref="IEvaluator"/> contract (cancellation, concurrency) holds for both methods.
/// </summary>
public interface ITrialAwareEvaluator : IEvaluator
{
    /// <summary>Evaluates the trial's architecture.</summary>
    /// <exception cref="OperationCanceledException">The search was cancelled or the trial timed out.</exception>
    Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken);
}
