using Nao.Experiments;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

public sealed class RegularizedEvolutionTests
{
    [Fact]
    public void Evolution_finds_better_architectures_than_random_search_on_a_smooth_table()
    {
        double MeanBest(Func<int, ISearchStrategy> create) =>
            Enumerable.Range(0, 10).Average(seed => Searches.BestSoFar(Searches.Run(create(seed), new FunctionEvaluator(SmoothTable.Score), budget: 120)));

        var evolution = MeanBest(seed => new RegularizedEvolution(Searches.Space, new EvolutionOptions { PopulationSize = 20, TournamentSize = 5 }, new Random(seed)));
        var random = MeanBest(seed => new RandomSearch(Searches.Space, new Random(seed)));

        Assert.True(evolution > random + 0.5, $"evolution {evolution:F3} vs random {random:F3}");
    }

    [Fact]
    public void Children_are_single_mutations_of_a_population_member_and_never_repeat()
    {
        var summary = Searches.Run(new RegularizedEvolution(Searches.Space, new EvolutionOptions { PopulationSize = 10, TournamentSize = 3 }, new Random(3)),
            new FunctionEvaluator(SmoothTable.Score), budget: 80);

        Assert.Equal(80, summary.Trials.Select(t => t.Genotype).Distinct().Count());
        Assert.All(summary.Trials.Take(10), t => Assert.Equal("random", (string?)t.Record["origin"]));
        foreach (var child in summary.Trials.Skip(10).Where(t => (string?)t.Record["origin"] == "mutation"))
        {
            var parent = summary.Trials.Single(t => t.Genotype.Canonical == (string?)child.Record["parent"]);
            Assert.True(parent.Index < child.Index);
            var differing = Searches.Space.Tokenizer.Tokenize(parent.Genotype).Zip(child.Tokens).Count(p => p.First != p.Second);
            Assert.Equal(1, differing);
        }
    }

    [Fact]
    public void Bad_evolution_options_are_rejected_with_the_option_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new RegularizedEvolution(Searches.Space, new EvolutionOptions { PopulationSize = 5, TournamentSize = 6 }, new Random(0)));
        Assert.Contains("tournament size", e.Message);
    }
}
