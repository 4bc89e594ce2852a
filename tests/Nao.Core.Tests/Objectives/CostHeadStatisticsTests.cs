using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.Reporting;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tests.Strategies;

namespace Nao.Tests.Objectives;

public sealed class CostHeadStatisticsTests
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Nb201;

    /// <summary>A cost-aware stand-in whose "heads" predict a fixed function of the exact cost.</summary>
    private sealed class CostAwareFake(FakeOptimizer inner, ICostModel costs, Func<double, double> head) : ICostAwareOptimizer
    {
        public CostGuidance? Guidance { get; set; }

        public OptimizerFitReport Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken) => inner.Fit(data, seed, cancellationToken);

        public IReadOnlyList<double> Predict(IReadOnlyList<Genotype> architectures) => inner.Predict(architectures);

        public IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, Func<Genotype, bool> isKnown, CancellationToken cancellationToken) =>
            inner.Propose(seeds, isKnown, cancellationToken);

        public IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, IReadOnlyList<double[]>? weights, Func<Genotype, bool> isKnown, CancellationToken cancellationToken) =>
            inner.Propose(seeds, isKnown, cancellationToken);

        public IReadOnlyList<IReadOnlyDictionary<string, double>> PredictCosts(IReadOnlyList<Genotype> architectures) =>
            [.. architectures.Select(a => (IReadOnlyDictionary<string, double>)Guidance!.Metrics.ToDictionary(m => m, m => head(costs.Costs(a)[m])))];

        public void Save(string path) => inner.Save(path);

        public void Load(string path) => inner.Load(path);

        public void Dispose() => inner.Dispose();
    }

    private static async Task<IReadOnlyList<Trial>> ConstrainedNao(Func<double, double> head)
    {
        var table = ObjectiveTestData.Table();
        var objectives = new ObjectiveOptions { Constraints = [CostConstraint.Parse("params<=3200")] };
        var options = new SearchOptions { Strategy = "nao", Objectives = objectives, Loop = new SearchLoopOptions { Budget = 40 }, Nao = new NaoOptions { InitialPoolSize = 20, ProposalsPerRound = 10 } };
        using var optimizer = new CostAwareFake(new FakeOptimizer(Space, g => ((Nb201Genotype)g).Edges.Count(e => e == Nb201Operation.NorConv1x1)), table, head);
        var strategy = SearchFactory.CreateStrategy(options, Space, new Random(5), optimizer, null, costs: table);
        var evaluator = new CostMetricsEvaluator(TabularEvaluator.Create(new TabularEvaluatorOptions()), table);
        return (await new SearchLoop(Space, strategy, evaluator, new MemoryTrialStore(), options.Loop).RunAsync(CancellationToken.None)).Trials;
    }

    [Fact]
    public async Task Each_nao_proposal_of_a_constrained_search_records_its_predicted_cost_before_evaluation()
    {
        var trials = await ConstrainedNao(c => 2 * c);

        var proposals = trials.Where(t => (string?)t.Record["origin"] == "nao").ToList();
        Assert.NotEmpty(proposals);
        Assert.All(proposals, t => Assert.Equal(2 * t.Metrics["params"], (double)t.Record["predicted_params"]!));
        Assert.All(trials.Where(t => t.Round == 0), t => Assert.Null(t.Record["predicted_params"]));
    }

    [Fact]
    public async Task Heads_that_order_costs_rightly_score_one_and_reversed_heads_score_zero_per_round()
    {
        var right = CostHeadStatistics.From(await ConstrainedNao(c => c), ["params"]);
        var reversed = CostHeadStatistics.From(await ConstrainedNao(c => -c), ["params"]);

        Assert.NotEmpty(right);
        Assert.All(right, s => Assert.True(s.Round > 0));
        Assert.All(right.Where(s => !double.IsNaN(s.PairwiseAccuracy)), s => Assert.Equal(1.0, s.PairwiseAccuracy));
        Assert.All(reversed.Where(s => !double.IsNaN(s.PairwiseAccuracy)), s => Assert.Equal(0.0, s.PairwiseAccuracy));
        Assert.Contains(right, s => !double.IsNaN(s.PairwiseAccuracy));
    }

    [Fact]
    public void The_report_section_has_a_row_per_round_and_a_column_per_metric()
    {
        Trial Make(int index, int round, double exact, double predicted) => new()
        {
            Index = index, Round = round, Genotype = Space.Sample(new Random(index)), Tokens = [], Status = TrialStatus.Ok, Score = 1,
            Metrics = ImmutableSortedDictionary<string, double>.Empty.Add("flops", exact),
            Record = new JsonObject { ["origin"] = "nao", ["predicted_flops"] = predicted },
        };
        // Round 1: both pairs of (10, 20, 30) against predictions (1, 3, 2): 2 of 3 pairs in order.
        var stats = CostHeadStatistics.From([Make(0, 1, 10, 1), Make(1, 1, 20, 3), Make(2, 1, 30, 2), Make(3, 2, 5, 5)], ["flops"]);
        var md = new StringBuilder();
        CostHeadStatistics.Append(md, stats);

        Assert.Equal(2.0 / 3, stats[0].PairwiseAccuracy, 12);
        Assert.Contains("| round | architectures | flops |", md.ToString());
        Assert.Contains("| 1 | 3 | 0.667 |", md.ToString());
        Assert.Contains("| 2 | 1 | – |", md.ToString());
    }
}
