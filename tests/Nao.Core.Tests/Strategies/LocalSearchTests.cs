using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

public sealed class LocalSearchTests
{
    [Fact]
    public void The_neighbourhood_of_a_nas_bench_201_cell_is_its_24_single_edge_changes()
    {
        var cell = SmoothTable.Target;

        var neighbours = Neighbourhood.Of(Searches.Space, cell);

        // Six edges, four other operations each; every one a distinct cell one token away.
        Assert.Equal(24, neighbours.Count);
        Assert.Equal(24, neighbours.Distinct().Count());
        var tokens = Searches.Space.Tokenizer.Tokenize(cell);
        Assert.All(neighbours, n => Assert.Equal(1, Searches.Space.Tokenizer.Tokenize(n).Zip(tokens).Count(p => p.First != p.Second)));
    }

    [Fact]
    public void At_a_local_optimum_it_proposes_exactly_the_neighbourhood_then_restarts()
    {
        // A flat score: nothing is ever better than the start, so the start is a local optimum.
        var summary = Searches.Run(new LocalSearch(Searches.Space, new Random(4)), new FunctionEvaluator(_ => 1.0), budget: 30);

        var start = summary.Trials[0];
        Assert.Equal("random", (string?)start.Record["origin"]);
        var neighbourhood = Neighbourhood.Of(Searches.Space, start.Genotype).ToHashSet();
        var climb = summary.Trials.Skip(1).Take(neighbourhood.Count).ToList();
        Assert.All(climb, t => Assert.Equal("neighbour", (string?)t.Record["origin"]));
        Assert.True(neighbourhood.SetEquals(climb.Select(t => t.Genotype)), "the first climb's proposals are not exactly the start's neighbourhood");
        Assert.Equal("restart", (string?)summary.Trials[neighbourhood.Count + 1].Record["origin"]);
        Assert.Equal(2, (int?)summary.Trials[neighbourhood.Count + 1].Record["climb"]);
    }

    // Two points per edge that agrees with SmoothTable's target, no tie-breaker: equal scores are never better.
    private static double Agreement(Genotype genotype) =>
        2.0 * Enumerable.Range(0, Nb201Genotype.EdgeCount).Count(i => ((Nb201Genotype)genotype).Edges[i] == SmoothTable.Target.Edges[i]);

    [Fact]
    public void A_better_neighbour_becomes_the_centre_at_once()
    {
        var summary = Searches.Run(new LocalSearch(Searches.Space, new Random(2)), new FunctionEvaluator(Agreement), budget: 120);

        // Each neighbour's centre is the best of its climb told before it was asked (here one at a time: everything before it).
        for (var i = 1; i < summary.Trials.Count; i++)
        {
            var trial = summary.Trials[i];
            if ((string?)trial.Record["origin"] != "neighbour") continue;
            var climbStart = summary.Trials.Take(i).Last(t => (string?)t.Record["origin"] is "random" or "restart").Index;
            var best = summary.Trials.Skip(climbStart).Take(i - climbStart).MaxBy(t => t.Score)!;
            Assert.Equal(best.Genotype.Canonical, (string?)trial.Record["centre"]);
        }
        // Every cell but the target has a better neighbour, so the first climb ends at the target.
        Assert.Equal(SmoothTable.Target, summary.Trials.MaxBy(t => t.Score)!.Genotype);
    }

    [Fact]
    public void A_search_cut_and_resumed_asks_the_same_trials_as_one_uninterrupted()
    {
        var uninterrupted = Searches.Run(new LocalSearch(Searches.Space, new Random(8)), new FunctionEvaluator(SmoothTable.Score), budget: 70, parallel: 3);
        var store = new MemoryTrialStore();
        Searches.Run(new LocalSearch(Searches.Space, new Random(8)), new FunctionEvaluator(SmoothTable.Score), budget: 33, parallel: 3, store: store);

        var resumed = Searches.Run(new LocalSearch(Searches.Space, new Random(8)), new FunctionEvaluator(SmoothTable.Score), budget: 70, parallel: 3, store: store);

        Assert.Equal(Searches.Fingerprint(uninterrupted.Trials), Searches.Fingerprint(resumed.Trials));
        Assert.Equal(70 - 33, resumed.Evaluated);
    }

    [Fact]
    public void Parallel_evaluations_never_repeat_an_architecture_and_still_climb()
    {
        var four = Searches.Run(new LocalSearch(Searches.Space, new Random(5)), new FunctionEvaluator(Agreement), budget: 120, parallel: 4);

        Assert.Equal(120, four.Trials.Select(t => t.Genotype).Distinct().Count());
        Assert.Equal(12.0, four.Trials.Max(t => t.Score));
    }
}
