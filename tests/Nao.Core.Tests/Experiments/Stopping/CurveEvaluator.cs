using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Tests.Experiments;

namespace Nao.Tests.Experiments.Stopping;

/// <summary>
/// A test evaluator whose learning curve is a power law toward <see cref="SmoothTable.Score"/>: 10 points, reported
/// one by one through the trial context (live) or only returned at the end.
/// </summary>
internal sealed class CurveEvaluator(bool live) : ITrialAwareEvaluator
{
    public const int Points = 10;

    public int PointsMeasured;

    public string Name => "curve";

    /// <summary>A wait before each point, so parallel trials finish in shuffled order; null for none.</summary>
    public Func<Genotype, int>? DelayMs { get; init; }

    public static double At(Genotype genotype, double step) => SmoothTable.Score(genotype) - 0.3 * Math.Pow(step, -0.7);

    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(new TrialContext { Index = 0, Round = 0, Genotype = genotype, Tokens = [] }, cancellationToken);

    public async Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        var curve = new List<CurvePoint>();
        for (var step = 1; step <= Points; step++)
        {
            if (DelayMs is { } delay) await Task.Delay(delay(context.Genotype), CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref PointsMeasured);
            var point = new CurvePoint(step, At(context.Genotype, step));
            curve.Add(point);
            if (live) context.ReportPoint?.Invoke(point);
        }
        return EvaluationResult.Ok(curve[^1].Score) with { Curve = curve };
    }
}
