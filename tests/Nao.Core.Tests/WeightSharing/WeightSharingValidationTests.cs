using Nao.Experiments;
using Nao.Tests.Strategies;
using Nao.WeightSharing;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Tests.WeightSharing;

public sealed class WeightSharingValidationTests
{
    private static readonly SearchOptions Ws = new() { Space = "enas", Evaluator = "weight-sharing" };

    [Fact]
    public void The_budget_of_a_weight_sharing_search_is_the_number_of_scorings_its_rounds_plan()
    {
        var options = SearchFactory.Validate(Ws with { WeightSharing = new WeightSharingOptions { Rounds = 2, InitialPoolSize = 10, KeepBest = 3, NewPerRound = 4, RandomPerRound = 1 } });
        // Round 1: 10 pool + 4 new; round 2: 3 kept + 4 new + 1 random in the pool, then 4 new.
        Assert.Equal(10 + 4 + 3 + 4 + 1 + 4, options.Loop.Budget);
    }

    [Theory]
    [InlineData("nasnet", "nao", 1, "--space enas")]
    [InlineData("enas", "evolution", 1, "--strategy nao")]
    [InlineData("enas-rnn", "nao", 2, "drop --parallel")]
    public void Combinations_weight_sharing_cannot_run_are_refused_with_the_fix(string space, string strategy, int parallel, string fix)
    {
        var options = Ws with { Space = space, Strategy = strategy, Loop = new SearchLoopOptions { Parallel = parallel } };
        Assert.Contains(fix, Assert.Throws<ArgumentException>(() => SearchFactory.Validate(options)).Message);
    }

    [Fact]
    public void Supernet_settings_without_weight_sharing_are_refused()
    {
        var options = new SearchOptions { Supernet = new System.Text.Json.Nodes.JsonObject { ["layers"] = 1 } };
        Assert.Contains("--evaluator weight-sharing", Assert.Throws<ArgumentException>(() => SearchFactory.Validate(options)).Message);
    }

    [Fact]
    public void A_build_without_supernets_or_trainers_says_so_before_any_work()
    {
        using var optimizer = new FakeOptimizer(Nao.SearchSpaces.SearchSpaceRegistry.Get("enas"), _ => 0);
        var noSupernet = new SearchRunner((_, _) => optimizer, null);
        Assert.Contains("supernets are not in this build", Assert.Throws<NotSupportedException>(() => noSupernet.CheckAvailable(SearchFactory.Validate(Ws))).Message);
        var noTrainer = new SearchRunner((_, _) => optimizer, null, supernets: (_, _) => new FakeSupernet());
        var final = SearchFactory.Validate(Ws with { WeightSharing = new WeightSharingOptions { FinalTrain = 2 } });
        Assert.Contains("drop --final-train", Assert.Throws<NotSupportedException>(() => noTrainer.CheckAvailable(final)).Message);
    }
}
