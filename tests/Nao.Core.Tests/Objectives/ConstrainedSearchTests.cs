using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tests.Strategies;

namespace Nao.Tests.Objectives;

public sealed class ConstrainedSearchTests
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Nb201;

    // At most two 3×3 convolutions: params ≤ 1000 + 2·900 + 4·100.
    private static readonly ObjectiveOptions AtMostTwoConvs = new() { Constraints = [CostConstraint.Parse("params<=3200")] };

    private static async Task<IReadOnlyList<Trial>> Search(string strategy, ObjectiveOptions objectives, int budget = 60, IArchitectureOptimizer? optimizer = null)
    {
        var options = new SearchOptions { Strategy = strategy, Objectives = objectives, Loop = new SearchLoopOptions { Budget = budget }, Nao = new NaoOptions { InitialPoolSize = 20, ProposalsPerRound = 10 } };
        var table = ObjectiveTestData.Table();
        var inner = TabularEvaluator.Create(new TabularEvaluatorOptions());
        var evaluator = new CostMetricsEvaluator(inner, table);
        var strategyInstance = SearchFactory.CreateStrategy(options, Space, new Random(3), optimizer, null, costs: table);
        var loop = new SearchLoop(Space, strategyInstance, evaluator, new MemoryTrialStore(), options.Loop);
        return (await loop.RunAsync(CancellationToken.None)).Trials;
    }

    [Theory]
    [InlineData("random")]
    [InlineData("evolution")]
    public async Task Random_search_and_evolution_never_evaluate_an_infeasible_architecture(string strategy)
    {
        var trials = await Search(strategy, AtMostTwoConvs);

        Assert.Equal(60, trials.Count);
        Assert.All(trials, t => Assert.True(t.Metrics["params"] <= 3200, $"{t.Genotype} has {t.Metrics["params"]} params"));
        // Infeasible ones were met and skipped: about 1 in 3 random cells has three or more 3×3 convolutions.
        Assert.True(trials.Sum(t => (int)t.Record["rejected_before"]!) > 0);
    }

    [Fact]
    public async Task Nao_never_evaluates_an_infeasible_architecture_and_counts_its_rejections_per_round()
    {
        // The fake predictor loves 3×3 convolutions, so its proposals push against the bound.
        using var optimizer = new FakeOptimizer(Space, g => ((Nb201Genotype)g).Edges.Count(e => e == Nb201Operation.NorConv3x3));

        var trials = await Search("nao", AtMostTwoConvs, budget: 50, optimizer: optimizer);

        Assert.Equal(50, trials.Count);
        Assert.All(trials, t => Assert.True(t.Metrics["params"] <= 3200));
        Assert.Contains(trials, t => t.Round > 0 && t.Record["rejected_infeasible"] is not null);
    }

    [Fact]
    public async Task Trials_of_a_constrained_search_store_their_exact_costs_as_metrics()
    {
        var trials = await Search("random", AtMostTwoConvs, budget: 5);
        var table = ObjectiveTestData.Table();

        Assert.All(trials, t =>
        {
            Assert.Equal(table.Costs(t.Genotype)["params"], t.Metrics["params"]);
            Assert.Equal(table.Costs(t.Genotype)["flops"], t.Metrics["flops"]);
            Assert.True(t.Metrics.ContainsKey("c10valid_val200_mean"));
        });
    }

    [Fact]
    public async Task Nsga2_keeps_a_front_that_spans_cheap_and_accurate_cells()
    {
        var pareto = new ObjectiveOptions { Objectives = [ObjectiveSpec.Parse("accuracy:max"), ObjectiveSpec.Parse("params:min")] };

        var trials = await Search("nsga2", pareto, budget: 120);

        Assert.Equal(120, trials.Count);
        Assert.Equal(120, trials.Select(t => t.Genotype).Distinct().Count());
        IReadOnlyList<double>[] points = [.. trials.Select(t => (IReadOnlyList<double>)[t.Score, -t.Metrics["params"]])];
        var front = Pareto.Front(points);
        Assert.True(front.Count >= 3, $"a front of {front.Count}");
        Assert.Contains(trials, t => t.Record["origin"]?.GetValue<string>() == "mutation");
    }

    [Fact]
    public void Nsga2_without_two_objectives_is_refused_with_the_fix()
    {
        var e = Assert.Throws<ArgumentException>(() => SearchFactory.Validate(new SearchOptions { Strategy = "nsga2" }));

        Assert.Contains("--objective accuracy:max --objective flops:min", e.Message);
    }
}
