using System.Globalization;
using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Strategies;

namespace Nao.Scheduling;

/// <summary>
/// Multi-fidelity scheduling as a strategy around a strategy: successive halving, or Hyperband's brackets of it. A
/// bracket asks the inner strategy (random search for the Hyperband baseline, or NAO) for n candidates, evaluates them
/// at a low fidelity, and sends the best 1/η of each rung on to the next fidelity until the full one. Each trial's
/// record carries its <c>"fidelity"</c>, which the search loop passes to the evaluator.
/// </summary>
/// <remarks>
/// <para>
/// What the inner strategy is told: at the end of each bracket, every candidate once, in the order it was asked: its
/// full-fidelity score when it got that far, else its best rung's score mapped to the full-fidelity scale by a
/// per-fidelity normalisation, an affine least-squares map y_full ≈ α + β·y_f fitted on all candidates so far that were
/// evaluated at both (a shift only with one such pair or a non-positive slope; the raw score with none). So NAO's
/// controller trains on every candidate, on one scale, with the highest fidelity seen per architecture; candidates
/// stopped low keep their low rank without pretending to be measured in full.
/// </para>
/// <para>
/// Deterministic like any strategy: decisions depend only on results told in trial order. A rung waits for all its
/// results before promoting (synchronous successive halving), so with parallel evaluation the loop idles at rung ends.
/// </para>
/// </remarks>
public sealed class FidelityScheduler : ISearchStrategy
{
    private readonly ISearchStrategy _inner;
    private readonly SchedulerOptions _options;
    private readonly int _top;
    private readonly Queue<(Candidate Candidate, int Rung)> _queue = new();
    private readonly Dictionary<Proposal, (Candidate Candidate, int Rung)> _issued = new(ReferenceEqualityComparer.Instance);
    private readonly List<(double Low, double Full)>[] _pairs;
    private List<Candidate> _bracket = [];
    private List<Candidate> _rungMembers = [];
    private int _rung = -1;
    private int _outstanding;
    private int _bracketIndex;

    /// <summary>Wraps <paramref name="inner"/>, which proposes the candidates.</summary>
    /// <exception cref="ArgumentException">Invalid options, or the kind is <c>none</c>.</exception>
    public FidelityScheduler(ISearchStrategy inner, SchedulerOptions options)
    {
        options.Validate();
        if (!options.IsEnabled) throw new ArgumentException("FidelityScheduler needs a scheduler kind other than 'none'.");
        _inner = inner;
        _options = options;
        _top = options.Fidelities.Count - 1;
        _pairs = [.. Enumerable.Range(0, options.Fidelities.Count).Select(_ => new List<(double, double)>())];
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <summary>The number of candidates bracket <paramref name="s"/> (0 = full fidelity only) starts with.</summary>
    public int BracketSize(int s) =>
        _options.BracketScale * (int)Math.Ceiling((_top + 1.0) / (s + 1) * Math.Pow(_options.Eta, s) - 1e-9);

    /// <summary>The bracket's s: always the most aggressive for successive halving; cycling s_max … 0 for Hyperband.</summary>
    private int BracketS => _options.Kind == "hyperband" ? _top - _bracketIndex % (_top + 1) : _top;

    /// <inheritdoc />
    public Proposal? Ask(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_queue.TryDequeue(out var next)) return Issue(next.Candidate, next.Rung);
            if (_outstanding > 0) return null;
            if (_rung < 0)
            {
                if (!StartBracket(cancellationToken)) return null;
                continue;
            }
            if (_rung == _top || _rungMembers.Count == 0)
            {
                FinishBracket();
                continue;
            }
            // The best ⌊n/η⌋ (at least one) of the rung go on; failed ones rank last, ties keep the asking order.
            var keep = Math.Max(1, (int)Math.Floor(_rungMembers.Count / _options.Eta + 1e-9));
            var promoted = _rungMembers.Where(c => double.IsFinite(c.Scores[_rung]))
                .OrderByDescending(c => c.Scores[_rung]).ThenBy(c => c.Order).Take(keep).ToList();
            _rung++;
            _rungMembers = promoted;
            foreach (var candidate in promoted) _queue.Enqueue((candidate, _rung));
        }
    }

    /// <inheritdoc />
    public void Tell(Proposal proposal, EvaluationResult result)
    {
        if (!_issued.Remove(proposal, out var issued)) throw new InvalidOperationException("Told about a proposal this scheduler did not make.");
        issued.Candidate.Scores[issued.Rung] = result.IsOk ? result.Score : double.NaN;
        issued.Candidate.Errors[issued.Rung] = result.IsOk ? null : result.Error;
        _outstanding--;
    }

    private bool StartBracket(CancellationToken cancellationToken)
    {
        var s = BracketS;
        var size = BracketSize(s);
        _bracket = [];
        for (var i = 0; i < size && _inner.Ask(cancellationToken) is { } proposal; i++)
        {
            _bracket.Add(new Candidate(proposal, _bracket.Count, _options.Fidelities.Count));
        }
        if (_bracket.Count == 0) return false;
        _rung = _top - s;
        _rungMembers = [.. _bracket];
        foreach (var candidate in _bracket) _queue.Enqueue((candidate, _rung));
        return true;
    }

    private void FinishBracket()
    {
        foreach (var candidate in _bracket)
        {
            var full = candidate.Scores[_top];
            for (var f = 0; f < _top; f++)
            {
                if (double.IsFinite(candidate.Scores[f]) && double.IsFinite(full)) _pairs[f].Add((candidate.Scores[f], full));
            }
        }
        foreach (var candidate in _bracket) _inner.Tell(candidate.Proposal, Told(candidate));
        _bracketIndex++;
        _rung = -1;
        _bracket = [];
        _rungMembers = [];
    }

    /// <summary>What the inner strategy hears about a candidate: its highest fidelity's result, on the full scale.</summary>
    private EvaluationResult Told(Candidate candidate)
    {
        var reached = Enumerable.Range(0, _options.Fidelities.Count).Where(f => candidate.Evaluated[f]).DefaultIfEmpty(-1).Max();
        if (reached < 0) return EvaluationResult.Failed("never evaluated");
        var score = candidate.Scores[reached];
        if (!double.IsFinite(score)) return EvaluationResult.Failed(candidate.Errors[reached] ?? "failed");
        var metrics = new Dictionary<string, double> { ["fidelity"] = _options.Fidelities[reached], ["score_at_fidelity"] = score };
        return EvaluationResult.Ok(reached == _top ? score : Normalise(reached, score), metrics);
    }

    /// <summary>The affine map of fidelity <paramref name="f"/>'s scores onto the full fidelity's (see remarks).</summary>
    private double Normalise(int f, double score)
    {
        var pairs = _pairs[f];
        if (pairs.Count == 0) return score;
        var (ml, mf) = (pairs.Average(p => p.Low), pairs.Average(p => p.Full));
        var sll = pairs.Sum(p => (p.Low - ml) * (p.Low - ml));
        var slope = sll > 1e-12 ? pairs.Sum(p => (p.Low - ml) * (p.Full - mf)) / sll : 0;
        return slope > 0 && pairs.Count >= 2 ? mf + slope * (score - ml) : score + (mf - ml);
    }

    private Proposal Issue(Candidate candidate, int rung)
    {
        var fidelity = _options.Fidelities[rung];
        var record = new JsonObject
        {
            ["fidelity"] = fidelity,
            ["bracket"] = _bracketIndex,
            ["rung"] = rung,
            ["candidate"] = candidate.Proposal.Record.DeepClone(),
        };
        var proposal = new Proposal(candidate.Proposal.Genotype, candidate.Proposal.Round, record);
        candidate.Evaluated[rung] = true;
        _issued[proposal] = (candidate, rung);
        _outstanding++;
        return proposal;
    }

    private sealed class Candidate(Proposal proposal, int order, int fidelities)
    {
        public Proposal Proposal { get; } = proposal;
        public int Order { get; } = order;
        public double[] Scores { get; } = [.. Enumerable.Repeat(double.NaN, fidelities)];
        public string?[] Errors { get; } = new string?[fidelities];
        public bool[] Evaluated { get; } = new bool[fidelities];
    }

    /// <summary>The fidelity in a trial's record, or null for a trial without one (full fidelity).</summary>
    public static double? FidelityOf(JsonObject record) =>
        record["fidelity"] is { } value ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) : null;
}
