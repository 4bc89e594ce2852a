using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Experiments;

/// <summary>One architecture asked for by a strategy and what its evaluation gave: a row of the run store.</summary>
public sealed record Trial
{
    /// <summary>0-based position in the order the strategy asked.</summary>
    public required int Index { get; init; }

    /// <summary>The strategy's round (0 = initial random pool).</summary>
    public required int Round { get; init; }

    /// <summary>The architecture.</summary>
    public required Genotype Genotype { get; init; }

    /// <summary>The architecture's tokens in its space's tokenizer.</summary>
    public required ImmutableArray<int> Tokens { get; init; }

    /// <summary>Pending, ok or failed. Default: pending.</summary>
    public TrialStatus Status { get; init; } = TrialStatus.Pending;

    /// <summary>The score (higher is better): for a stopped trial the score the strategy was told; NaN when pending or failed. Default: NaN.</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>The evaluator's metrics. Default: empty.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>The evaluator's learning curve (see <see cref="EvaluationResult.Curve"/>). Default: empty.</summary>
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];

    /// <summary>Why the evaluation failed, or why a stopping rule stopped it; null otherwise. Default: null.</summary>
    public string? Error { get; init; }

    /// <summary>When the evaluation started (UTC).</summary>
    public DateTime Started { get; init; }

    /// <summary>When it finished (UTC); null while pending. Default: null.</summary>
    public DateTime? Finished { get; init; }

    /// <summary>The strategy's own record (see <see cref="Strategies.Proposal.Record"/>). Default: empty.</summary>
    public JsonObject Record { get; init; } = [];

    /// <summary>True when the trial has a result (ok or failed).</summary>
    public bool IsFinished => Status != TrialStatus.Pending;

    /// <summary>The stored result as the strategy sees it.</summary>
    public EvaluationResult ToResult() => Status switch
    {
        TrialStatus.Ok or TrialStatus.Stopped => EvaluationResult.Ok(Score, Metrics) with { Curve = Curve },
        TrialStatus.Failed => EvaluationResult.Failed(Error ?? "failed", Metrics) with { Curve = Curve },
        _ => throw new InvalidOperationException($"Trial {Index} is still pending."),
    };
}
