using Nao.Experiments;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

public sealed class RandomSearchTests
{
    [Fact]
    public void Random_search_covers_the_whole_space_without_repeats_and_then_stops()
    {
        var evaluator = new FunctionEvaluator(SmoothTable.Score);
        var size = (int)Searches.Space.Size;

        var summary = Searches.Run(new RandomSearch(Searches.Space, new Random(1)), evaluator, budget: size + 10);

        Assert.Equal(size, summary.Trials.Count);
        Assert.Equal(size, summary.Trials.Select(t => t.Genotype).Distinct().Count());
        Assert.True(summary.Exhausted);
        Assert.All(evaluator.Calls.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void The_same_seed_gives_the_same_trials_and_another_seed_different_ones()
    {
        SearchSummary Run(int seed) => Searches.Run(new RandomSearch(Searches.Space, new Random(seed)), new FunctionEvaluator(SmoothTable.Score), budget: 30);

        Assert.Equal(Searches.Fingerprint(Run(5).Trials), Searches.Fingerprint(Run(5).Trials));
        Assert.NotEqual(Searches.Fingerprint(Run(5).Trials), Searches.Fingerprint(Run(6).Trials));
    }
}
