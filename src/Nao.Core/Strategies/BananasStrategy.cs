using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Predictor-guided evolution in the style of BANANAS (White, Neiswanger and Savani, AAAI 2021): a random initial
/// pool; then each round fits an ensemble of MLPs on everything evaluated, makes candidates by single mutations of the
/// best architectures, and evaluates those with the highest independent Thompson sample.
/// </summary>
/// <remarks>
/// The acquisition is independent Thompson sampling (ITS): per candidate one draw from a normal with the ensemble's
/// mean and standard deviation, the candidates ranked by their draws. The paper found it as good as expected
/// improvement and better than UCB for batches, and it needs no tuned multiplier, unlike mean + k·spread; the draws
/// come from the strategy's seeded <see cref="Random"/>. The encoding is one-hot per token position (the paper's
/// path encoding is for cell DAGs; a token one-hot serves every Nao space). Resume is replay: a round refits on the
/// same data with the same seed and gets the same ensemble.
/// </remarks>
public sealed class BananasStrategy : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "bananas";

    private readonly ISearchSpace _space;
    private readonly BananasOptions _options;
    private readonly IScoreEnsemble _ensemble;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly List<(Genotype Genotype, double Score)> _evaluated = [];
    private readonly Queue<Proposal> _queue = new();
    private int _round;
    private int _asked;
    private int _outstanding;

    /// <summary>Creates the strategy. The ensemble is used, not owned: the caller disposes it.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public BananasStrategy(ISearchSpace space, BananasOptions options, IScoreEnsemble ensemble, Random random)
    {
        options.Validate();
        _space = space;
        _options = options;
        _ensemble = ensemble;
        _random = random;
        _known = new KnownArchitectures(space);
    }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <summary>The wall time of the last round's fit and acquisition.</summary>
    public TimeSpan LastRoundTime { get; private set; }

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        if (_asked < _options.InitialPoolSize)
        {
            return _known.SampleUnseen(_random) is { } g ? Issue(new Proposal(g, 0, new JsonObject { ["origin"] = "random" })) : null;
        }
        if (_queue.Count == 0)
        {
            // A round fits on everything evaluated so far, so it waits for every outstanding result.
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

    private Proposal Issue(Proposal proposal)
    {
        _known.Add(proposal.Genotype);
        _asked++;
        _outstanding++;
        return proposal;
    }

    private void StartRound(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        _round++;
        // Drawn first, so a replay consumes the same random numbers whatever happens below.
        var fitSeed = _random.Next();
        if (_evaluated.Select(e => e.Score).Distinct().Count() < 2)
        {
            FillRandom(_options.ProposalsPerRound, "fewer than two distinct successful scores to fit the ensemble on");
            return;
        }
        var candidates = Candidates();
        if (candidates.Count > 0)
        {
            _ensemble.Fit([.. _evaluated.Select(e => new ScoredArchitecture(e.Genotype, e.Score))], fitSeed, cancellationToken);
            var predictions = _ensemble.Predict([.. candidates.Select(c => c.Child)]);
            var scored = new List<(Genotype Child, Genotype Parent, double Mean, double Spread, double Draw, int Order)>();
            for (var i = 0; i < candidates.Count; i++)
            {
                var values = predictions.Select(p => p[i]).ToArray();
                var mean = values.Average();
                var spread = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
                scored.Add((candidates[i].Child, candidates[i].Parent, mean, spread, mean + spread * StandardNormal(), i));
            }
            foreach (var c in scored.OrderByDescending(c => c.Draw).ThenBy(c => c.Order).Take(_options.ProposalsPerRound))
            {
                _queue.Enqueue(new Proposal(c.Child, _round, new JsonObject
                {
                    ["origin"] = "bananas",
                    ["parent"] = c.Parent.Canonical,
                    ["predicted_mean"] = c.Mean,
                    ["predicted_spread"] = c.Spread,
                    ["thompson_draw"] = c.Draw,
                    ["fit_seed"] = fitSeed,
                }));
            }
        }
        FillRandom(_options.ProposalsPerRound - _queue.Count, "too few unseen mutations of the best architectures");
        LastRoundTime = started.Elapsed;
    }

    /// <summary>Distinct unseen single mutations of the best architectures, the parents taken in turn, best first.</summary>
    private List<(Genotype Child, Genotype Parent)> Candidates()
    {
        var parents = _evaluated.Select((e, i) => (e.Genotype, e.Score, Order: i))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Order).Take(_options.Parents).Select(e => e.Genotype).ToArray();
        var seen = new HashSet<Genotype>();
        var candidates = new List<(Genotype, Genotype)>();
        // Bounded: in a tiny or nearly exhausted neighbourhood there may be fewer unseen mutations than asked for.
        for (var attempt = 0; attempt < 20 * _options.Candidates && candidates.Count < _options.Candidates; attempt++)
        {
            var parent = parents[attempt % parents.Length];
            var child = _space.Mutate(parent, _random);
            if (!_known.Contains(child) && seen.Add(child)) candidates.Add((child, parent));
        }
        return candidates;
    }

    private double StandardNormal()
    {
        // Box-Muller from the strategy's own Random, so the draws replay with the seed.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private void FillRandom(int count, string reason)
    {
        var queued = new HashSet<Genotype>(_queue.Select(p => p.Genotype));
        for (var i = 0; i < count; i++)
        {
            Genotype? genotype = null;
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
