using System.Diagnostics;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Tests.Evaluation;

public sealed class SleepEvaluatorTests
{
    [Fact]
    public async Task It_waits_then_returns_the_tables_score_and_metrics()
    {
        var table = TabularEvaluator.Create(new TabularEvaluatorOptions());
        var sleep = new SleepEvaluator(table, new SleepEvaluatorOptions { Seconds = 0.3 });
        var genotype = SearchSpaceRegistry.Nb201.Sample(new Random(5));
        var clock = Stopwatch.StartNew();
        var result = await sleep.EvaluateAsync(genotype, CancellationToken.None);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.29), $"returned after {clock.Elapsed}");
        var expected = await table.EvaluateAsync(genotype, CancellationToken.None);
        Assert.Equal(expected.Score, result.Score);
        Assert.Equal(expected.Metrics, result.Metrics);
    }

    [Fact]
    public async Task Cancellation_while_sleeping_throws_so_the_trial_stays_pending()
    {
        var sleep = new SleepEvaluator(TabularEvaluator.Create(new TabularEvaluatorOptions()), new SleepEvaluatorOptions { Seconds = 30 });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleep.EvaluateAsync(SearchSpaceRegistry.Nb201.Sample(new Random(1)), cts.Token));
    }

    [Fact]
    public void The_search_knows_it_by_name_validates_its_seconds_and_needs_the_nb201_space()
    {
        var options = new SearchOptions { Evaluator = "SLEEP", Strategy = "random", Sleep = new SleepEvaluatorOptions { Seconds = 0 } };
        Assert.Equal(SearchFactory.SleepEvaluator, SearchFactory.Validate(options).Evaluator);
        Assert.IsType<SleepEvaluator>(new SearchRunner(SearchParts.Core).CreateEvaluator(SearchFactory.Validate(options)));
        Assert.Contains("--sleep", Assert.Throws<ArgumentException>(() => SearchFactory.Validate(options with { Sleep = new SleepEvaluatorOptions { Seconds = -1 } })).Message);
        Assert.Contains("needs the nb201 space", Assert.Throws<ArgumentException>(() => SearchFactory.Validate(options with { Space = "enas" })).Message);
    }

    [Fact]
    public async Task A_remote_evaluator_replaces_every_local_one()
    {
        var remote = new SleepEvaluator(TabularEvaluator.Create(new TabularEvaluatorOptions()), new SleepEvaluatorOptions { Seconds = 0 });
        var runner = new SearchRunner(SearchParts.Core, _ => remote);
        var options = new SearchOptions { Strategy = RandomSearch.StrategyName, Evaluator = "train", Loop = new SearchLoopOptions { Budget = 3 } };
        Assert.Same(remote, runner.CreateEvaluator(options));
        runner.CheckAvailable(options); // the workers decide whether they can train
        var store = new MemoryTrialStore();
        var summary = await runner.RunAsync(options, store, new NoCheckpoints(), null, CancellationToken.None);
        Assert.Equal(3, summary.Evaluated);
    }
}
