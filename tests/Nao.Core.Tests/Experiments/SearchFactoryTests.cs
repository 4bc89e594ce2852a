using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Tests.Experiments;

public sealed class SearchFactoryTests
{
    [Fact]
    public void Names_are_normalized_to_their_registry_spelling()
    {
        var options = SearchFactory.Validate(new SearchOptions { Space = " NB201", Strategy = "Evolution", Evaluator = "BENCHMARK" });
        Assert.Equal(("nb201", "evolution", "benchmark"), (options.Space, options.Strategy, options.Evaluator));
    }

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        Assert.Contains("nao, random, evolution", Assert.Throws<UnknownNameException>(() => SearchFactory.Validate(new SearchOptions { Strategy = "bo" })).Message);
        Assert.Contains("nb201", Assert.Throws<UnknownNameException>(() => SearchFactory.Validate(new SearchOptions { Space = "darts" })).Message);
        Assert.Contains("benchmark, train", Assert.Throws<UnknownNameException>(() => SearchFactory.Validate(new SearchOptions { Evaluator = "oracle" })).Message);
    }

    [Fact]
    public void A_budget_that_does_not_exceed_the_initial_pool_is_rejected_for_nao_only()
    {
        var small = new SearchOptions { Loop = new SearchLoopOptions { Budget = 60 } };
        Assert.Contains("must exceed NAO's initial pool (60)", Assert.Throws<ArgumentException>(() => SearchFactory.Validate(small)).Message);
        SearchFactory.Validate(small with { Strategy = "random" });
    }

    [Fact]
    public void Nao_without_an_optimizer_and_a_training_evaluator_that_is_not_there_say_what_to_use_instead()
    {
        var runner = new SearchRunner(SearchParts.Core);
        Assert.Contains("--strategy random", Assert.Throws<NotSupportedException>(() => runner.CheckAvailable(new SearchOptions())).Message);
        Assert.Contains("--evaluator benchmark", Assert.Throws<NotSupportedException>(() => runner.CheckAvailable(new SearchOptions { Strategy = "random", Evaluator = "train" })).Message);
        Assert.Throws<InvalidOperationException>(() => SearchFactory.CreateStrategy(new SearchOptions(), new Random(0), optimizer: null));
    }

    [Fact]
    public void A_scheduler_with_cluster_workers_is_accepted_because_their_jobs_carry_the_fidelity()
    {
        var options = new SearchOptions { Strategy = "random", Scheduler = new Nao.Scheduling.SchedulerOptions { Kind = "hyperband" } };
        var clustered = new SearchRunner(SearchParts.Core, _ => throw new InvalidOperationException("not called"));
        clustered.CheckAvailable(options);
    }
}
