using Nao.Evaluation;

namespace Nao.Strategies;

/// <summary>
/// A search strategy as an ask/tell pair (ML.NET AutoML's Propose/Update): the search loop asks for architectures,
/// evaluates them, and tells the results back.
/// </summary>
/// <remarks>
/// The loop tells results in the order it asked for them (trial-index order, never completion order) and asks only
/// at fixed points (at the start and after each tell), so a strategy built from the same options and seed sees the
/// same calls in the same order however long evaluations take. That makes a run replayable: a resumed search
/// rebuilds the strategy and feeds it the stored results. Strategies therefore draw all randomness from the
/// <see cref="Random"/> they were given and never from the clock.
/// </remarks>
public interface ISearchStrategy
{
    /// <summary>The registry name: <c>nao</c>, <c>random</c> or <c>evolution</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The next architecture to evaluate, or null when the strategy needs more results first (it will be asked again
    /// after the next tell) or has nothing left to propose (the space is exhausted).
    /// </summary>
    Proposal? Ask(CancellationToken cancellationToken);

    /// <summary>The result of a proposal; called once per proposal, in the order they were asked.</summary>
    void Tell(Proposal proposal, EvaluationResult result);
}
