using Nao.Controller;
using Nao.Genotypes;
using Nao.Metrics;
using Nao.Objectives;
using Nao.SearchSpaces;
using Nao.Strategies;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerCostTests
{
    public ControllerCostTests() => InitializeTorch();

    // A cost that the tokens determine: the number of 3×3 convolutions, plus one (the skeleton), in thousands.
    private static IReadOnlyDictionary<string, double> Costs(Genotype g) =>
        new Dictionary<string, double> { ["params"] = 1000.0 * (1 + ((Nb201Genotype)g).Edges.Count(e => e == Nb201Operation.NorConv3x3)) };

    private static CostGuidance Guidance(params CostConstraint[] constraints) => new(["params"], Costs, constraints, 1.0, 0.05);

    [Fact]
    public void With_only_the_cost_term_on_a_small_step_lowers_the_predicted_cost_of_the_seeds()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 64, seed: 3);
        using var controller = new NaoController(space, Tiny(epochs: 60)) { Guidance = Guidance() };
        controller.Fit(data, seed: 0, CancellationToken.None);
        // Seeds above the cheapest cost: at the cheapest, g ≤ 0 is already at the Tchebycheff ideal point and has no gradient.
        var seeds = data.Select(d => d.Genotype).Where(g => Costs(g)["params"] >= 2000).Take(32).ToArray();

        // Weights (accuracy 0, cost 1): the Tchebycheff objective is −max(0, g), g the predicted normalised log cost.
        var (before, after) = controller.PredictCostAfterStep(seeds, [.. seeds.Select(_ => new[] { 0.0, 1.0 })], stepSize: 0.5);

        var lowered = Enumerable.Range(0, seeds.Length).Count(i => after[i] < before[i]);
        Assert.True(lowered == seeds.Length, $"only {lowered} of {seeds.Length} seeds had their predicted cost lowered");
    }

    [Fact]
    public void A_constraint_penalty_steps_over_budget_seeds_toward_cheaper_predictions()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 64, seed: 4);
        using var controller = new NaoController(space, Tiny(epochs: 60)) { Guidance = Guidance(new CostConstraint("params", 1000, IsUpper: true)) with { PenaltyWeight = 50 } };
        controller.Fit(data, seed: 0, CancellationToken.None);
        // Seeds with two or more 3×3 convolutions are far over the budget of none.
        var seeds = data.Select(d => d.Genotype).Where(g => Costs(g)["params"] >= 3000).Take(16).ToArray();

        var (before, after) = controller.PredictCostAfterStep(seeds, null, stepSize: 0.5);

        var lowered = Enumerable.Range(0, seeds.Length).Count(i => after[i] < before[i]);
        Assert.True(lowered >= seeds.Length * 3 / 4, $"only {lowered} of {seeds.Length} over-budget seeds moved toward a lower predicted cost");
    }

    [Fact]
    public void The_cost_head_ranks_held_out_architectures_by_their_exact_cost()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 96, seed: 6);
        using var controller = new NaoController(space, Tiny(epochs: 60)) { Guidance = Guidance() };
        controller.Fit(data, seed: 0, CancellationToken.None);
        var known = data.Select(d => d.Genotype).ToHashSet();
        var random = new Random(9);
        var heldOut = Enumerable.Range(0, 400).Select(_ => space.Sample(random)).Where(g => !known.Contains(g)).Distinct().Take(100).ToArray();

        var predicted = controller.PredictCosts(heldOut).Select(c => c["params"]).ToArray();
        var accuracy = Ranking.PairwiseAccuracy(predicted, [.. heldOut.Select(g => Costs(g)["params"])]);

        Assert.True(accuracy > 0.8, $"pairwise accuracy of the cost head {accuracy:0.000}");
    }

    [Fact]
    public void Pareto_weights_of_the_wrong_length_are_refused()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 16, seed: 3);
        using var controller = new NaoController(space, Tiny(epochs: 2)) { Guidance = Guidance() };
        controller.Fit(data, seed: 0, CancellationToken.None);

        var e = Assert.Throws<ArgumentException>(() => controller.Propose([data[0].Genotype], [[1.0]], _ => false, CancellationToken.None));

        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void A_saved_controller_with_cost_heads_loads_them_back_and_predicts_the_same_costs()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 32, seed: 3);
        var path = Path.Combine(Path.GetTempPath(), $"nao-costheads-{Guid.NewGuid():N}.bin");
        try
        {
            using var controller = new NaoController(space, Tiny(epochs: 5)) { Guidance = Guidance() };
            controller.Fit(data, seed: 0, CancellationToken.None);
            controller.Save(path);
            using var loaded = new NaoController(space, Tiny(epochs: 5)) { Guidance = Guidance() };
            loaded.Load(path);

            var genotypes = data.Select(d => d.Genotype).ToArray();
            Assert.Equal(controller.PredictCosts(genotypes).Select(c => c["params"]), loaded.PredictCosts(genotypes).Select(c => c["params"]));
            File.Delete(path + ".costs");
            Assert.Throws<InvalidDataException>(() => loaded.Load(path));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".costs");
        }
    }
}
