using Nao.Evaluation;
using Nao.Objectives;

namespace Nao.Strategies;

/// <summary>
/// Rejects the infeasible proposals of any strategy before they are evaluated: each architecture's exact cost is
/// checked against the constraints, and one that breaks a bound is told back to the strategy as a failure (so random
/// search moves on and evolution never breeds from it) without costing an evaluation. Each proposal that passes
/// carries its costs and the count of rejections since the previous one in its record.
/// </summary>
public sealed class ConstrainedStrategy : ISearchStrategy
{
    // Consecutive rejections before giving up on a strategy that only proposes infeasible architectures.
    private const int MaxConsecutiveRejections = 100_000;

    private readonly ISearchStrategy _inner;
    private readonly ICostModel _costs;
    private readonly ObjectiveOptions _objectives;
    private readonly Dictionary<int, int> _rejectedPerRound = [];

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ConstrainedStrategy(ISearchStrategy inner, ICostModel costs, ObjectiveOptions objectives)
    {
        _inner = inner;
        _costs = costs;
        _objectives = objectives;
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <summary>Rejected (never evaluated) infeasible proposals per round of the inner strategy.</summary>
    public IReadOnlyDictionary<int, int> RejectedPerRound => _rejectedPerRound;

    /// <summary>All rejections so far.</summary>
    public int Rejected => _rejectedPerRound.Values.Sum();

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        var rejected = 0;
        while (rejected < MaxConsecutiveRejections)
        {
            var proposal = _inner.Ask(cancellationToken);
            if (proposal is null) return null;
            var costs = _costs.Costs(proposal.Genotype);
            if (_objectives.IsFeasible(costs))
            {
                proposal.Record["rejected_before"] = rejected;
                proposal.Record["feasible"] = true;
                return proposal;
            }
            rejected++;
            _rejectedPerRound[proposal.Round] = _rejectedPerRound.GetValueOrDefault(proposal.Round) + 1;
            _inner.Tell(proposal, EvaluationResult.Failed("infeasible: breaks a constraint (not evaluated)"));
        }
        return null;
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result) => _inner.Tell(proposal, result);
}
