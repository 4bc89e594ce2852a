using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Multi-objective evolution with NSGA-II selection (Deb et al. 2002), steady state: a random initial population of
/// P; each child is one mutation of the winner of a binary tournament (lower non-dominated rank wins, then the larger
/// crowding distance); once the child is evaluated it joins, and the member of the last front with the smallest
/// crowding distance leaves. The objectives are the score (maximised) and one exact cost (minimised).
/// </summary>
public sealed class Nsga2Evolution : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "nsga2";

    private const int MutationAttempts = 100;

    private readonly ISearchSpace _space;
    private readonly EvolutionOptions _options;
    private readonly ICostModel _costs;
    private readonly string _costMetric;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly List<(Genotype Genotype, double Score, double Cost)> _population = [];
    private int _asked;
    private int _outstanding;

    /// <summary>Creates the strategy.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public Nsga2Evolution(ISearchSpace space, EvolutionOptions options, ICostModel costs, string costMetric, Random random)
    {
        options.Validate();
        _space = space;
        _options = options;
        _costs = costs;
        _costMetric = costMetric;
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
            if (_asked >= _options.PopulationSize && _outstanding > 0) return null;
            return Issue(_known.SampleUnseen(_random), new JsonObject { ["origin"] = "random" });
        }
        var (rank, crowding) = Ranks();
        var a = _random.Next(_population.Count);
        var b = _random.Next(_population.Count);
        var parent = Better(a, b, rank, crowding) ? a : b;
        for (var attempt = 0; attempt < MutationAttempts; attempt++)
        {
            var child = _space.Mutate(_population[parent].Genotype, _random);
            if (!_known.Contains(child))
            {
                return Issue(child, new JsonObject { ["origin"] = "mutation", ["parent"] = _population[parent].Genotype.Canonical, ["parent_rank"] = rank[parent] });
            }
        }
        return Issue(_known.SampleUnseen(_random), new JsonObject { ["origin"] = "random", ["reason"] = "every mutation of the parent was known" });
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        _outstanding--;
        if (!result.IsOk) return;
        _population.Add((proposal.Genotype, result.Score, _costs.Costs(proposal.Genotype)[_costMetric]));
        if (_population.Count <= _options.PopulationSize) return;
        var (rank, crowding) = Ranks();
        var worst = rank.Max();
        // The most crowded member of the last front leaves; ties go to the oldest (lowest index).
        var leaving = Enumerable.Range(0, _population.Count).Where(i => rank[i] == worst).OrderBy(i => crowding[i]).ThenBy(i => i).First();
        _population.RemoveAt(leaving);
    }

    private static bool Better(int a, int b, int[] rank, double[] crowding) =>
        rank[a] < rank[b] || (rank[a] == rank[b] && (crowding[a] > crowding[b] || (crowding[a] == crowding[b] && a <= b)));

    /// <summary>Each member's front (0 = non-dominated) and crowding distance within its front.</summary>
    private (int[] Rank, double[] Crowding) Ranks()
    {
        IReadOnlyList<double>[] points = [.. _population.Select(m => (IReadOnlyList<double>)[m.Score, -m.Cost])];
        var rank = new int[points.Length];
        var crowding = new double[points.Length];
        var fronts = Pareto.NonDominatedSort(points);
        for (var f = 0; f < fronts.Count; f++)
        {
            var distance = Pareto.Crowding([.. fronts[f].Select(i => points[i])]);
            for (var k = 0; k < fronts[f].Count; k++)
            {
                rank[fronts[f][k]] = f;
                crowding[fronts[f][k]] = distance[k];
            }
        }
        return (rank, crowding);
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
