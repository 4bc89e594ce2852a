using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.WeightSharing;

/// <summary>
/// The NAO-WS loop (DESIGN.md sections 1 and 6) as an ask/tell strategy over a supernet. Each round: train the
/// supernet for E epochs on the pool (one pool architecture drawn per mini-batch), ask for every pool architecture to
/// be scored with the shared weights, fit the controller on those scores, propose new architectures from the top-K,
/// ask for those to be scored, and renew the pool: the best of the old, the new, and a few unseen random ones.
/// </summary>
/// <remarks>
/// With no optimizer this is the weight-sharing random-search baseline: the "new" architectures are unseen random
/// ones. The evaluator must be a <see cref="SupernetEvaluator"/> over the same supernet, run one scoring at a time,
/// since training happens inside <see cref="Ask"/> while nothing is in flight. Resume works like NAO's: all random
/// numbers of a round are drawn before any checkpoint is consulted, rounds before the latest saved supernet skip their
/// training (their scorings are all stored), and the latest is loaded.
/// </remarks>
public sealed class WeightSharingStrategy : ISearchStrategy
{
    private const int ProposeCalls = 4;

    private readonly ISearchSpace _space;
    private readonly WeightSharingOptions _options;
    private readonly ISupernet _supernet;
    private readonly ISupernetCheckpoints _supernetCheckpoints;
    private readonly IArchitectureOptimizer? _optimizer;
    private readonly IOptimizerCheckpoints _optimizerCheckpoints;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly Queue<Proposal> _queue = new();
    private readonly Dictionary<Genotype, double> _scores = [];
    private readonly List<Genotype> _newThisRound = [];
    private List<Genotype> _pool = [];
    private FitBinding? _lastFit;
    private Phase _phase = Phase.Start;
    private int _round;
    private int _outstanding;

    private enum Phase { Start, ScoringPool, ScoringNew, Done }

    /// <summary>Creates the strategy. Supernet and optimizer are used, not owned.</summary>
    /// <param name="name">The strategy's registry name (<c>nao</c>, or <c>random</c> when <paramref name="optimizer"/> is null).</param>
    /// <param name="space">The search space (enas or enas-rnn).</param>
    /// <param name="options">Rounds, epochs and pool sizes.</param>
    /// <param name="supernet">The supernet the <see cref="SupernetEvaluator"/> scores with; trained here between rounds.</param>
    /// <param name="supernetCheckpoints">Where the supernet is saved after each round's training.</param>
    /// <param name="optimizer">The NAO controller; null for weight-sharing random search.</param>
    /// <param name="optimizerCheckpoints">Where the controller is saved after each round's fit.</param>
    /// <param name="random">The search's random numbers (pools, epoch seeds, fit seeds).</param>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public WeightSharingStrategy(string name, ISearchSpace space, WeightSharingOptions options, ISupernet supernet, ISupernetCheckpoints supernetCheckpoints,
        IArchitectureOptimizer? optimizer, IOptimizerCheckpoints optimizerCheckpoints, Random random)
    {
        options.Validate();
        Name = name;
        _space = space;
        _options = options;
        _supernet = supernet;
        _supernetCheckpoints = supernetCheckpoints;
        _optimizer = optimizer;
        _optimizerCheckpoints = optimizerCheckpoints;
        _random = random;
        _known = new KnownArchitectures(space);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Receives each supernet epoch's report as it finishes (not for replayed rounds). Default: none.</summary>
    public IProgress<SupernetEpochReport>? SupernetProgress { get; init; }

    /// <summary>The current round, 1-based; 0 before the first.</summary>
    public int Round => _round;

    /// <summary>The current pool: the architectures the supernet trains on this round.</summary>
    public IReadOnlyList<Genotype> Pool => _pool;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        while (_queue.Count == 0)
        {
            // Every phase needs all results of the one before (the controller fits on the whole pool's scores).
            if (_outstanding > 0 || _phase == Phase.Done) return null;
            Advance(cancellationToken);
        }
        _outstanding++;
        return _queue.Dequeue();
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        _outstanding--;
        if (result.IsOk) _scores[proposal.Genotype] = result.Score;
    }

    private void Advance(CancellationToken cancellationToken)
    {
        switch (_phase)
        {
            case Phase.Start:
                _round = 1;
                _pool = SampleUnseen(_options.InitialPoolSize);
                StartRound(cancellationToken);
                break;
            case Phase.ScoringPool:
                ProposeNew(cancellationToken);
                break;
            case Phase.ScoringNew:
                if (_round == _options.Rounds)
                {
                    _phase = Phase.Done;
                    return;
                }
                RenewPool();
                _round++;
                StartRound(cancellationToken);
                break;
        }
    }

    /// <summary>Trains the supernet on the pool (or restores it) and queues the pool for scoring.</summary>
    private void StartRound(CancellationToken cancellationToken)
    {
        // Drawn before any checkpoint is consulted, so a resumed search consumes the same random numbers.
        var epochSeeds = Enumerable.Range(0, _options.EpochsPerRound).Select(_ => _random.Next()).ToList();
        var latest = _supernetCheckpoints.LatestRound;
        if (_round > latest)
        {
            var reports = new List<SupernetEpochReport>();
            foreach (var seed in epochSeeds)
            {
                var report = _supernet.TrainEpoch(_pool, seed, cancellationToken);
                reports.Add(report);
                SupernetProgress?.Report(report);
            }
            _supernetCheckpoints.Save(_round, _supernet, reports);
        }
        else if (_round == latest && !_supernetCheckpoints.TryLoad(_round, _supernet))
        {
            throw new InvalidDataException($"The supernet checkpoint of round {_round} is listed but cannot be loaded; the run cannot be resumed.");
        }
        // Rounds before the latest checkpoint: every scoring is stored and replayed, so the weights are not needed.
        _scores.Clear();
        _newThisRound.Clear();
        foreach (var genotype in _pool)
        {
            _queue.Enqueue(new Proposal(genotype, _round, new JsonObject { ["origin"] = "pool", ["phase"] = "pool", ["pool_size"] = _pool.Count }));
        }
        _phase = Phase.ScoringPool;
    }

    /// <summary>Fits the controller on the pool's scores, proposes new architectures and queues them for scoring.</summary>
    private void ProposeNew(CancellationToken cancellationToken)
    {
        var fitSeed = _random.Next();
        var scored = _pool.Where(_scores.ContainsKey).Select(g => (Genotype: g, Score: _scores[g])).ToList();
        var ranked = scored.Select((e, i) => (e.Genotype, e.Score, Order: i)).OrderByDescending(e => e.Score).ThenBy(e => e.Order).ToList();
        var proposed = new HashSet<Genotype>();
        if (_optimizer is not null && scored.Select(e => e.Score).Distinct().Count() >= 2)
        {
            List<ScoredArchitecture> data = [.. scored.Select(e => new ScoredArchitecture(e.Genotype, e.Score))];
            _lastFit = _optimizerCheckpoints.LoadOrFit(_optimizer, _round, fitSeed, data, _lastFit, cancellationToken);
            var seeds = ranked.Take(_options.SeedCount).Select(e => e.Genotype).ToList();
            var found = new List<OptimizedArchitecture>();
            for (var call = 0; call < ProposeCalls && found.Count < _options.NewPerRound; call++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = _optimizer.Propose(seeds, g => _known.Contains(g) || proposed.Contains(g), cancellationToken);
                var fresh = batch.Where(p => !_known.Contains(p.Genotype) && proposed.Add(p.Genotype)).ToList();
                found.AddRange(fresh);
                if (fresh.Count == 0) break;
            }
            foreach (var p in found.OrderByDescending(p => p.PredictedAfter).Take(_options.NewPerRound))
            {
                _space.Validate(p.Genotype);
                Queue(p.Genotype, new JsonObject
                {
                    ["origin"] = "nao",
                    ["phase"] = "new",
                    ["seed"] = p.Seed.Canonical,
                    ["seed_score"] = _scores.TryGetValue(p.Seed, out var s) ? s : null,
                    ["eta"] = p.StepSize,
                    ["predicted_before"] = p.PredictedBefore,
                    ["predicted_after"] = p.PredictedAfter,
                    ["pool_min"] = scored.Min(e => e.Score),
                    ["pool_max"] = scored.Max(e => e.Score),
                    ["fit_seed"] = fitSeed,
                });
            }
        }
        var reason = _optimizer is null ? "weight-sharing random search" : "the controller proposed too few new architectures";
        foreach (var genotype in SampleUnseen(_options.NewPerRound - _newThisRound.Count))
        {
            Queue(genotype, new JsonObject { ["origin"] = "random", ["phase"] = "new", ["reason"] = reason });
        }
        _phase = Phase.ScoringNew;
    }

    private void Queue(Genotype genotype, JsonObject record)
    {
        _known.Add(genotype);
        _newThisRound.Add(genotype);
        _queue.Enqueue(new Proposal(genotype, _round, record));
    }

    /// <summary>The next pool: the best of the old by this round's score, the new ones that scored, a few unseen random.</summary>
    private void RenewPool()
    {
        var best = _pool.Where(_scores.ContainsKey).Select((g, i) => (Genotype: g, Order: i))
            .OrderByDescending(e => _scores[e.Genotype]).ThenBy(e => e.Order).Take(_options.KeepBest).Select(e => e.Genotype);
        var next = best.Concat(_newThisRound.Where(_scores.ContainsKey)).ToList();
        next.AddRange(SampleUnseen(_options.RandomPerRound));
        // A pool the supernet can train on even if many scorings failed.
        if (next.Count < 2) next.AddRange(SampleUnseen(2 - next.Count));
        _pool = next;
    }

    private List<Genotype> SampleUnseen(int count)
    {
        var list = new List<Genotype>();
        for (var i = 0; i < count; i++)
        {
            if (_known.SampleUnseen(_random) is not { } genotype) break;
            _known.Add(genotype);
            list.Add(genotype);
        }
        return list;
    }
}
