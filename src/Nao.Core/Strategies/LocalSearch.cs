using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// Local search by first improvement (as in White et al. 2021, "Local search is state of the art for NAS benchmarks"):
/// start at a random architecture; evaluate the neighbours of the current centre (<see cref="Neighbourhood.Of"/>,
/// not evaluated yet) in random order; as soon as one scores higher, it becomes the centre and its neighbours are
/// queued instead. When every neighbour of the centre has been evaluated and none scored higher (a local optimum),
/// restart at an unseen random architecture.
/// </summary>
/// <remarks>
/// With parallel evaluations the neighbours already asked for are still told; results arrive in trial order, so the
/// centre moves at the same points whatever the parallelism, and a replay with the same seed asks the same trials.
/// </remarks>
public sealed class LocalSearch : ISearchStrategy
{
    /// <summary>The registry name.</summary>
    public const string StrategyName = "local";

    private readonly ISearchSpace _space;
    private readonly Random _random;
    private readonly KnownArchitectures _known;
    private readonly Queue<Genotype> _neighbours = new();
    private (Genotype Genotype, double Score)? _centre;
    private int _climb;
    private int _outstanding;

    /// <summary>Creates the strategy.</summary>
    public LocalSearch(ISearchSpace space, Random random)
    {
        _space = space;
        _random = random;
        _known = new KnownArchitectures(space);
    }

    /// <inheritdoc />
    public string Name => StrategyName;

    /// <summary>How many climbs have started: 1 for the first, plus one per restart.</summary>
    public int Climbs => _climb;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        while (_neighbours.TryDequeue(out var next))
        {
            // Skipped when a restart's random draw or another climb has asked for it since it was queued.
            if (_known.Contains(next)) continue;
            var centre = _centre!.Value;
            return Issue(next, new JsonObject { ["origin"] = "neighbour", ["centre"] = centre.Genotype.Canonical, ["centre_score"] = centre.Score, ["climb"] = _climb });
        }
        // Neighbours still out may yet move the centre, and a restart's first result is the next centre: wait for them.
        if (_outstanding > 0) return null;
        _centre = null;
        _climb++;
        var start = _known.SampleUnseen(_random);
        return start is null ? null : Issue(start, new JsonObject { ["origin"] = _climb == 1 ? "random" : "restart", ["climb"] = _climb });
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        _outstanding--;
        // A failed trial moves nothing; a failed start leaves no centre, so the next ask restarts.
        if (!result.IsOk) return;
        // No centre: this is a climb's start (asked only when nothing else was out), and it becomes the centre.
        if (_centre is not { } centre || result.Score > centre.Score)
        {
            _centre = (proposal.Genotype, result.Score);
            _neighbours.Clear();
            var neighbours = Neighbourhood.Of(_space, proposal.Genotype).Where(n => !_known.Contains(n)).ToArray();
            _random.Shuffle(neighbours);
            foreach (var n in neighbours) _neighbours.Enqueue(n);
        }
    }

    private Proposal Issue(Genotype genotype, JsonObject record)
    {
        _known.Add(genotype);
        _outstanding++;
        // Round 0: a climb is not a round of fitted proposals, and the reports' per-round figures would mislead.
        return new Proposal(genotype, 0, record);
    }
}
