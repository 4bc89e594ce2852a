using System.Collections.Immutable;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.SearchSpaces;

namespace Nao.Tests.Objectives;

public sealed class CostMetricsEvaluatorTests
{
    /// <summary>Remembers the trial it was given and reports one curve point, as a training evaluator does.</summary>
    private sealed class RecordingEvaluator : ITrialAwareEvaluator
    {
        public TrialContext? Seen { get; private set; }

        public string Name => "recording";

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the trial was dropped on the way");

        public Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
        {
            Seen = context;
            context.ReportPoint?.Invoke(new CurvePoint(1, 0.5));
            return Task.FromResult(EvaluationResult.Ok(0.5, ImmutableDictionary<string, double>.Empty.Add("params", 7)));
        }
    }

    [Fact]
    public async Task The_trial_with_its_fidelity_index_and_curve_callback_reaches_a_trial_aware_evaluator_and_costs_are_added()
    {
        var space = SearchSpaceRegistry.Nb201;
        var genotype = space.Sample(new Random(1));
        var inner = new RecordingEvaluator();
        var evaluator = new CostMetricsEvaluator(inner, ObjectiveTestData.Table());
        var points = new List<CurvePoint>();
        var context = new TrialContext
        {
            Index = 4, Round = 1, Genotype = genotype, Tokens = [.. space.Tokenizer.Tokenize(genotype)], Fidelity = 12, ReportPoint = points.Add,
        };

        var result = await evaluator.EvaluateAsync(context, CancellationToken.None);

        Assert.Same(context, inner.Seen);
        Assert.Single(points);
        Assert.True(result.IsOk);
        // The table's costs are added; the evaluator's own metric of the same name wins.
        Assert.Equal(7, result.Metrics["params"]);
        Assert.Contains("flops", result.Metrics.Keys);
    }
}
