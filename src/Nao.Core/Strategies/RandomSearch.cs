using Nao.Evaluation;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Random search without repeats: every architecture drawn uniformly among those not asked for yet. The baseline
/// every NAS method must beat (Li and Talwalkar 2019).
/// </summary>
public sealed class RandomSearch(ISearchSpace space, Random random) : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "random";

    private readonly KnownArchitectures _known = new(space);

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        var genotype = _known.SampleUnseen(random);
        if (genotype is null) return null;
        _known.Add(genotype);
        return new Proposal(genotype, 0, new() { ["origin"] = "random" });
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        // Random search ignores results.
    }
}
