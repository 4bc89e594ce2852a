using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Neural Architecture Optimization, Algorithm 1 of Luo et al. 2018: evaluate a random initial pool; then each round
/// train the optimizer (encoder, predictor, decoder) on every architecture evaluated so far, take the top-K by score
/// as seeds, move each seed's embedding uphill on the predictor and decode (Eq. 2), and evaluate the new
/// architectures. Rounds go on until the search's budget is spent.
/// </summary>
/// <remarks>
/// Each proposal's record holds what the paper's Fig. 2b needs: the seed, η, and the predicted score of the seed and
/// of the new architecture in the predictor's [0, 1] scale, with the pool's score range at fit time
/// (<c>pool_min</c>, <c>pool_max</c>) to map it back, since the optimizer min-max normalizes scores over the pool.
/// </remarks>
public sealed class NaoStrategy : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "nao";

    // Propose gives at most one architecture per seed per call; it is called again with the new ones marked known (so η
    // grows past them) until each seed has had its CandidatesPerSeed calls and the round has enough, a bounded number of times.
    private const int MaxProposeCalls = 4;

    private readonly ISearchSpace _space;
    private readonly NaoOptions _options;
    private readonly IArchitectureOptimizer _optimizer;
    private readonly IOptimizerCheckpoints _checkpoints;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly List<(Genotype Genotype, double Score)> _evaluated = [];
    private readonly Queue<Proposal> _queue = new();
    private readonly ObjectiveOptions _objectives;
    private readonly ICostModel? _costs;
    private readonly IScoreEnsemble? _ensemble;
    private readonly Dictionary<int, int> _rejectedPerRound = [];
    private FitBinding? _lastFit;
    private int _round;
    private int _asked;
    private int _outstanding;

    /// <summary>Creates the strategy. The optimizer is used, not owned: the caller disposes it.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <param name="space">The search space.</param>
    /// <param name="options">The loop's settings.</param>
    /// <param name="optimizer">The controller.</param>
    /// <param name="checkpoints">Where fitted controllers are kept.</param>
    /// <param name="random">The strategy's random numbers.</param>
    /// <param name="objectives">
    /// Constraints and objectives (DESIGN.md section 7). With a cost model and an <see cref="ICostAwareOptimizer"/>, the
    /// controller learns the costs and its step avoids predicted violations (and, for a Pareto search, follows per-seed
    /// Tchebycheff weights); every decoded candidate's exact cost is checked, and infeasible ones are never proposed.
    /// Default: none.
    /// </param>
    /// <param name="costs">The exact costs of the space's architectures; required when <paramref name="objectives"/> is active.</param>
    /// <param name="ensemble">The predictor ensemble that screens candidates (used, not owned); required when <see cref="NaoOptions.Screening"/> names one.</param>
    public NaoStrategy(ISearchSpace space, NaoOptions options, IArchitectureOptimizer optimizer, IOptimizerCheckpoints checkpoints, Random random,
        ObjectiveOptions? objectives = null, ICostModel? costs = null, IScoreEnsemble? ensemble = null)
    {
        options.Validate();
        if (options.UsesEnsemble() && ensemble is null) throw new ArgumentException($"NAO screening '{options.Screening}' needs a predictor ensemble (Nao.Torch's MLP ensemble).", nameof(ensemble));
        _ensemble = ensemble;
        _objectives = objectives ?? new ObjectiveOptions();
        _costs = costs;
        if (_objectives.IsActive && costs is null) throw new ArgumentException("Constraints or objectives need the space's cost model.", nameof(costs));
        _space = space;
        _options = options;
        _optimizer = optimizer;
        _checkpoints = checkpoints;
        _random = random;
        _known = new KnownArchitectures(space);
    }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <summary>The current round: 0 while the initial pool is asked for, then 1, 2, ….</summary>
    public int Round => _round;

    /// <summary>Per round, the distinct decoded candidates whose exact cost broke a constraint (never proposed).</summary>
    public IReadOnlyDictionary<int, int> RejectedPerRound => _rejectedPerRound;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        if (_asked < _options.InitialPoolSize)
        {
            return Issue(SampleFeasible() is { } g ? new Proposal(g, 0, new JsonObject { ["origin"] = "random" }) : null);
        }
        if (_queue.Count == 0)
        {
            // A round trains on everything evaluated so far, so it waits for every outstanding result (Algorithm 1).
            if (_outstanding > 0) return null;
            StartRound(cancellationToken);
        }
        return _queue.Count > 0 ? Issue(_queue.Dequeue()) : null;
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        _outstanding--;
        if (result.IsOk) _evaluated.Add((proposal.Genotype, result.Score));
    }

    private Proposal? Issue(Proposal? proposal)
    {
        if (proposal is null) return null;
        _known.Add(proposal.Genotype);
        _asked++;
        _outstanding++;
        return proposal;
    }

    private void StartRound(CancellationToken cancellationToken)
    {
        _round++;
        // Drawn before any checkpoint is consulted, so a resumed search consumes the same random numbers.
        var fitSeed = _random.Next();
        // Drawn only when an ensemble screens, so that searches with the controller's screening keep their random numbers.
        var screenSeed = _options.UsesEnsemble() ? _random.Next() : 0;
        var distinctScores = _evaluated.Select(e => e.Score).Distinct().Count();
        if (distinctScores < 2)
        {
            FillRandom(_options.ProposalsPerRound, "fewer than two distinct successful scores to train the predictor on");
            return;
        }
        if (_objectives.IsActive && _optimizer is ICostAwareOptimizer costAware)
        {
            costAware.Guidance = new CostGuidance([.. _objectives.CostMetrics], _costs!.Costs, _objectives.Constraints, _objectives.PenaltyWeight, _objectives.PenaltyTemperature);
        }
        List<ScoredArchitecture> data = [.. _evaluated.Select(e => new ScoredArchitecture(e.Genotype, e.Score))];
        _lastFit = _checkpoints.LoadOrFit(_optimizer, _round, fitSeed, data, _lastFit, cancellationToken);
        var poolMin = _evaluated.Min(e => e.Score);
        var poolMax = _evaluated.Max(e => e.Score);
        // Seeds: the top-K by score (a Pareto search: by non-dominated front, then crowding); ties keep evaluation order,
        // so the choice is deterministic.
        var ranked = RankSeeds().Take(_options.SeedCount).ToList();
        var seedScores = ranked.ToDictionary(e => e.Genotype, e => e.Score);
        var seeds = ranked.Select(e => e.Genotype).ToList();
        var weights = _objectives.IsPareto && _optimizer is ICostAwareOptimizer ? SeedWeights(seeds) : null;
        var found = new List<OptimizedArchitecture>();
        var proposedThisRound = new HashSet<Genotype>();
        var rejected = new HashSet<Genotype>();
        // Infeasible decodes count as known, so η grows past them: the exact cost decides, the predicted one only steers.
        bool IsKnown(Genotype g)
        {
            if (_known.Contains(g) || proposedThisRound.Contains(g)) return true;
            if (IsFeasible(g)) return false;
            rejected.Add(g);
            return true;
        }
        var calls = Math.Max(MaxProposeCalls, _options.CandidatesPerSeed);
        for (var call = 0; call < calls && (call < _options.CandidatesPerSeed || found.Count < _options.ProposalsPerRound); call++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _optimizer is ICostAwareOptimizer aware && _objectives.IsActive
                ? aware.Propose(seeds, weights, IsKnown, cancellationToken)
                : _optimizer.Propose(seeds, IsKnown, cancellationToken);
            var fresh = batch.Where(p => !_known.Contains(p.Genotype) && IsFeasible(p.Genotype) && proposedThisRound.Add(p.Genotype)).ToList();
            found.AddRange(fresh);
            if (fresh.Count == 0) break;
        }
        // More than needed: keep those the predictor likes best (stable, so equal predictions keep seed order).
        var acquisition = found.Count > _options.ProposalsPerRound && _options.UsesEnsemble() ? EnsembleAcquisition(found, data, screenSeed, cancellationToken) : null;
        var order = acquisition is null ? found.OrderByDescending(p => p.PredictedAfter) : found.Select((p, i) => (p, i)).OrderByDescending(x => acquisition[x.i]).Select(x => x.p);
        foreach (var p in order.Take(_options.ProposalsPerRound))
        {
            _space.Validate(p.Genotype);
            _queue.Enqueue(new Proposal(p.Genotype, _round, new JsonObject
            {
                ["origin"] = "nao",
                ["seed"] = p.Seed.Canonical,
                ["seed_score"] = seedScores.TryGetValue(p.Seed, out var s) ? s : null,
                ["eta"] = p.StepSize,
                ["steps"] = p.Steps,
                ["position"] = p.Position,
                ["predicted_before"] = p.PredictedBefore,
                ["predicted_after"] = p.PredictedAfter,
                ["pool_min"] = poolMin,
                ["pool_max"] = poolMax,
                ["fit_seed"] = fitSeed,
            }));
            if (acquisition is not null) _queue.Last().Record["acquisition"] = acquisition[found.IndexOf(p)];
            if (_objectives.IsActive) _queue.Last().Record["rejected_infeasible"] = rejected.Count;
            if (weights is not null) _queue.Last().Record["weights"] = new JsonArray([.. weights[seeds.IndexOf(p.Seed)].Select(w => JsonValue.Create(w))]);
        }
        RecordPredictedCosts();
        _rejectedPerRound[_round] = rejected.Count;
        FillRandom(_options.ProposalsPerRound - _queue.Count, "the optimizer proposed too few new architectures");
    }

    /// <summary>The record key under which a NAO proposal keeps its cost head's prediction of <paramref name="metric"/>.</summary>
    public static string PredictedCostKey(string metric) => "predicted_" + metric;

    /// <summary>
    /// Each queued NAO proposal's predicted costs, in the metrics' units, before it is evaluated: with the exact costs
    /// the trials store, they give the cost heads' pairwise accuracy per round (the report's "Cost heads").
    /// </summary>
    private void RecordPredictedCosts()
    {
        if (!_objectives.IsActive || _optimizer is not ICostAwareOptimizer { Guidance: not null } heads || _queue.Count == 0) return;
        var proposals = _queue.ToList();
        var predicted = heads.PredictCosts([.. proposals.Select(p => p.Genotype)]);
        for (var i = 0; i < proposals.Count; i++)
        {
            foreach (var (metric, value) in predicted[i]) proposals[i].Record[PredictedCostKey(metric)] = value;
        }
    }

    /// <summary>
    /// Per candidate, the ensemble's acquisition value in raw score units: the members' mean, or with Thompson screening
    /// a normal draw from the members' mean and standard deviation (numbers from <paramref name="seed"/>, so a replayed
    /// round draws the same).
    /// </summary>
    private double[] EnsembleAcquisition(List<OptimizedArchitecture> candidates, List<ScoredArchitecture> data, int seed, CancellationToken cancellationToken)
    {
        _ensemble!.Fit(data, seed, cancellationToken);
        var predictions = _ensemble.Predict([.. candidates.Select(c => c.Genotype)]);
        var random = new Random(seed);
        var values = new double[candidates.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var mean = predictions.Average(m => m[i]);
            if (_options.Screening == NaoOptions.EnsembleScreening)
            {
                values[i] = mean;
                continue;
            }
            var std = Math.Sqrt(predictions.Sum(m => (m[i] - mean) * (m[i] - mean)) / predictions.Length);
            values[i] = mean + std * StandardNormal(random);
        }
        return values;
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private void FillRandom(int count, string reason)
    {
        var queued = new HashSet<Genotype>(_queue.Select(p => p.Genotype));
        for (var i = 0; i < count; i++)
        {
            Genotype? genotype = null;
            // Unseen by the search and not already queued this round; bounded in case the space runs out.
            for (var attempt = 0; attempt < 1000 && genotype is null; attempt++)
            {
                var candidate = _known.SampleUnseen(_random);
                if (candidate is null) return;
                if (IsFeasible(candidate) && queued.Add(candidate)) genotype = candidate;
            }
            if (genotype is null) return;
            _queue.Enqueue(new Proposal(genotype, _round, new JsonObject { ["origin"] = "random", ["reason"] = reason }));
        }
    }

    /// <summary>An unseen random architecture that meets the constraints (infeasible draws are marked known and skipped), or null.</summary>
    private Genotype? SampleFeasible()
    {
        for (var attempt = 0; attempt < 100_000; attempt++)
        {
            var candidate = _known.SampleUnseen(_random);
            if (candidate is null || IsFeasible(candidate)) return candidate;
            _known.Add(candidate);
            _rejectedPerRound[0] = _rejectedPerRound.GetValueOrDefault(0) + 1;
        }
        return null;
    }

    private bool IsFeasible(Genotype genotype) => _objectives.Constraints.Count == 0 || _objectives.IsFeasible(_costs!.Costs(genotype));

    private double CostOf(Genotype genotype) => _costs!.Costs(genotype)[_objectives.CostObjectives.First()];

    /// <summary>
    /// The evaluated architectures in seed order: by score, or, for a Pareto search, by non-dominated front of
    /// (score, −cost) and then by crowding distance, so the seeds spread along the front.
    /// </summary>
    private IEnumerable<(Genotype Genotype, double Score)> RankSeeds()
    {
        if (!_objectives.IsPareto)
        {
            return _evaluated.Select((e, i) => (e.Genotype, e.Score, Order: i)).OrderByDescending(e => e.Score).ThenBy(e => e.Order).Select(e => (e.Genotype, e.Score));
        }
        IReadOnlyList<double>[] points = [.. _evaluated.Select(e => (IReadOnlyList<double>)[e.Score, -CostOf(e.Genotype)])];
        var order = new List<int>();
        foreach (var front in Pareto.NonDominatedSort(points))
        {
            var crowding = Pareto.Crowding([.. front.Select(i => points[i])]);
            order.AddRange(front.Select((i, k) => (i, k)).OrderByDescending(p => crowding[p.k]).ThenBy(p => p.i).Select(p => p.i));
        }
        return order.Select(i => _evaluated[i]);
    }

    /// <summary>
    /// Per seed, Tchebycheff weights (accuracy, cost) spread evenly over the simplex: the cheapest seed gets the most
    /// weight on cost and the dearest the most on accuracy, so each seed pushes along its own part of the front.
    /// </summary>
    private List<double[]> SeedWeights(List<Genotype> seeds)
    {
        var byCost = seeds.Select((g, i) => (Cost: CostOf(g), Index: i)).OrderBy(p => p.Cost).ThenBy(p => p.Index).Select(p => p.Index).ToArray();
        // Weights run over (accuracy, every cost metric the controller learns); a metric only constrained gets weight 0.
        var metrics = _objectives.CostMetrics.ToList();
        var costIndex = 1 + metrics.IndexOf(_objectives.CostObjectives.First());
        var weights = new double[seeds.Count][];
        for (var k = 0; k < byCost.Length; k++)
        {
            var accuracy = (k + 0.5) / byCost.Length;
            weights[byCost[k]] = new double[1 + metrics.Count];
            weights[byCost[k]][0] = accuracy;
            weights[byCost[k]][costIndex] = 1 - accuracy;
        }
        return [.. weights];
    }
}
