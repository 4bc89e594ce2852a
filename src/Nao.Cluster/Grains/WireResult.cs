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

    /// <summary>Converts an evaluator's result.</summary>
    public static WireResult From(EvaluationResult result, double seconds) => new()
    {
        Ok = result.Status == EvaluationStatus.Ok,
        Score = result.Score,
        Metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal),
        Error = result.Error,
        Seconds = seconds,
    };

    /// <summary>Converts back to the result the search records.</summary>
    public EvaluationResult ToResult()
    {
        var metrics = Metrics.ToImmutableSortedDictionary(StringComparer.Ordinal);
        return Ok ? EvaluationResult.Ok(Score, metrics) : EvaluationResult.Failed(Error ?? "the evaluation failed on the worker without a message", metrics);
    }
}
