using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Regularized (aging) evolution, Real et al. 2019, Algorithm 1: a random initial population; then each child is a
/// single mutation (<see cref="ISearchSpace.Mutate"/>) of the best of a random tournament, and joins the population
/// while the oldest member leaves. Children already asked for are mutated again so that no evaluation repeats.
/// </summary>
public sealed class RegularizedEvolution : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "evolution";

    // Bound on re-mutations before falling back to an unseen random architecture (only reached late in tiny spaces).
    private const int MutationAttempts = 100;

    private readonly ISearchSpace _space;
    private readonly EvolutionOptions _options;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly Queue<(Genotype Genotype, double Score)> _population = new();
    private int _asked;
    private int _outstanding;

    /// <summary>Creates the strategy.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public RegularizedEvolution(ISearchSpace space, EvolutionOptions options, Random random)
    {
        options.Validate();
        _space = space;
        _options = options;
        _random = random;
        _known = new KnownArchitectures(space);
    }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        if (_asked < _options.PopulationSize || _population.Count == 0)
        {
            // The initial population; also the fallback when every member so far failed and nothing is outstanding.
            if (_asked >= _options.PopulationSize && _outstanding > 0) return null;
            return Issue(_known.SampleUnseen(_random), new JsonObject { ["origin"] = "random" });
        }
        var members = _population.ToArray();
        var tournament = Math.Min(_options.TournamentSize, members.Length);
        // Draw the tournament without replacement (partial Fisher-Yates), then take its best; ties go to the older member.
        var order = Enumerable.Range(0, members.Length).ToArray();
        for (var i = 0; i < tournament; i++)
        {
            var j = i + _random.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var parent = order.Take(tournament).OrderByDescending(i => members[i].Score).ThenBy(i => i).Select(i => members[i]).First();
        for (var attempt = 0; attempt < MutationAttempts; attempt++)
        {
            var child = _space.Mutate(parent.Genotype, _random);
            if (!_known.Contains(child))
            {
                return Issue(child, new JsonObject { ["origin"] = "mutation", ["parent"] = parent.Genotype.Canonical, ["parent_score"] = parent.Score });
            }
        }
        return Issue(_known.SampleUnseen(_random), new JsonObject { ["origin"] = "random", ["reason"] = "every mutation of the parent was known" });
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        _outstanding--;
        // A failed child has no fitness; it does not join, and the population ages only through children that do.
        if (!result.IsOk) return;
        _population.Enqueue((proposal.Genotype, result.Score));
        if (_population.Count > _options.PopulationSize) _population.Dequeue();
    }

    private Proposal? Issue(Genotype? genotype, JsonObject record)
    {
        if (genotype is null) return null;
        _known.Add(genotype);
        _asked++;
        _outstanding++;
        return new Proposal(genotype, 0, record);
    }
}
