using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
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
    private FitBinding? _lastFit;
    private int _round;
    private int _asked;
    private int _outstanding;

    /// <summary>Creates the strategy. The optimizer is used, not owned: the caller disposes it.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public NaoStrategy(ISearchSpace space, NaoOptions options, IArchitectureOptimizer optimizer, IOptimizerCheckpoints checkpoints, Random random)
    {
        options.Validate();
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

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        if (_asked < _options.InitialPoolSize)
        {
            return Issue(_known.SampleUnseen(_random) is { } g ? new Proposal(g, 0, new JsonObject { ["origin"] = "random" }) : null);
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
        var distinctScores = _evaluated.Select(e => e.Score).Distinct().Count();
        if (distinctScores < 2)
        {
            FillRandom(_options.ProposalsPerRound, "fewer than two distinct successful scores to train the predictor on");
            return;
        }
        List<ScoredArchitecture> data = [.. _evaluated.Select(e => new ScoredArchitecture(e.Genotype, e.Score))];
        _lastFit = _checkpoints.LoadOrFit(_optimizer, _round, fitSeed, data, _lastFit, cancellationToken);
        var poolMin = _evaluated.Min(e => e.Score);
        var poolMax = _evaluated.Max(e => e.Score);
        // Seeds: the top-K by score; ties keep evaluation order, so the choice is deterministic.
        var ranked = _evaluated.Select((e, i) => (e.Genotype, e.Score, Order: i))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Order).Take(_options.SeedCount).ToList();
        var seedScores = ranked.ToDictionary(e => e.Genotype, e => e.Score);
        var seeds = ranked.Select(e => e.Genotype).ToList();
        var found = new List<OptimizedArchitecture>();
        var proposedThisRound = new HashSet<Genotype>();
        var calls = Math.Max(MaxProposeCalls, _options.CandidatesPerSeed);
        for (var call = 0; call < calls && (call < _options.CandidatesPerSeed || found.Count < _options.ProposalsPerRound); call++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _optimizer.Propose(seeds, g => _known.Contains(g) || proposedThisRound.Contains(g), cancellationToken);
            var fresh = batch.Where(p => !_known.Contains(p.Genotype) && proposedThisRound.Add(p.Genotype)).ToList();
            found.AddRange(fresh);
            if (fresh.Count == 0) break;
        }
        // More than needed: keep those the predictor likes best (stable, so equal predictions keep seed order).
        foreach (var p in found.OrderByDescending(p => p.PredictedAfter).Take(_options.ProposalsPerRound))
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
        }
        FillRandom(_options.ProposalsPerRound - _queue.Count, "the optimizer proposed too few new architectures");
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
                if (queued.Add(candidate)) genotype = candidate;
            }
            if (genotype is null) return;
            _queue.Enqueue(new Proposal(genotype, _round, new JsonObject { ["origin"] = "random", ["reason"] = reason }));
        }
    }
}
