using System.Collections.Immutable;
using Nao.Evaluation;

namespace Nao.Cluster.Grains;

/// <summary>An <see cref="EvaluationResult"/> in the form Orleans serializes.</summary>
[GenerateSerializer, Immutable]
public sealed record WireResult
{
    /// <summary>Whether the evaluation succeeded. Default: true.</summary>
    [Id(0)] public bool Ok { get; init; } = true;

    /// <summary>The score (higher is better); NaN when failed. Default: NaN.</summary>
    [Id(1)] public double Score { get; init; } = double.NaN;

    /// <summary>The named measurements. Default: empty.</summary>
    [Id(2)] public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>The error of a failed evaluation. Default: null.</summary>
    [Id(3)] public string? Error { get; init; }

    /// <summary>Seconds the evaluation ran on the worker. Default: 0.</summary>
    [Id(4)] public double Seconds { get; init; }

    /// <summary>The learning curve (e.g. a trial command's per-epoch lines), in the order measured. Default: empty.</summary>
    [Id(5)] public List<WireCurvePoint> Curve { get; init; } = [];

    /// <summary>Converts an evaluator's result.</summary>
    public static WireResult From(EvaluationResult result, double seconds) => new()
    {
        Ok = result.Status == EvaluationStatus.Ok,
        Score = result.Score,
        Metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal),
        Error = result.Error,
        Seconds = seconds,
        Curve = [.. result.Curve.Select(WireCurvePoint.From)],
    };

    /// <summary>Converts back to the result the search records.</summary>
    public EvaluationResult ToResult()
    {
        var metrics = Metrics.ToImmutableSortedDictionary(StringComparer.Ordinal);
        var result = Ok ? EvaluationResult.Ok(Score, metrics) : EvaluationResult.Failed(Error ?? "the evaluation failed on the worker without a message", metrics);
        // Hand-made or older replies may null the list out; a missing curve is an empty one.
        return result with { Curve = [.. (Curve ?? []).Select(p => p.ToPoint())] };
    }
}

/// <summary>A <see cref="CurvePoint"/> in the form Orleans serializes.</summary>
[GenerateSerializer, Immutable]
public sealed record WireCurvePoint
{
    /// <summary>Where on the curve (e.g. the epoch). Default: 0.</summary>
    [Id(0)] public double Step { get; init; }

    /// <summary>The score measured there. Default: NaN.</summary>
    [Id(1)] public double Score { get; init; } = double.NaN;

    /// <summary>Other measurements of that point. Default: empty.</summary>
    [Id(2)] public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Converts a curve point.</summary>
    public static WireCurvePoint From(CurvePoint point) => new()
    {
        Step = point.Step,
        Score = point.Score,
        Metrics = new Dictionary<string, double>(point.Metrics, StringComparer.Ordinal),
    };

    /// <summary>Converts back.</summary>
    public CurvePoint ToPoint() => new(Step, Score, (Metrics ?? []).ToImmutableSortedDictionary(StringComparer.Ordinal));
}
