using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Tests.Experiments;
using Nao.Tests.Strategies;
using Nao.WeightSharing;

namespace Nao.Tests.WeightSharing;

public sealed class FinalTrainingTests
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Get("enas-rnn");
    private static readonly WeightSharingOptions Options = new()
    {
        Rounds = 2, EpochsPerRound = 1, InitialPoolSize = 8, KeepBest = 3, NewPerRound = 4, RandomPerRound = 1, SeedCount = 3, FinalTrain = 3, FinalRandom = 2,
    };

    [Fact]
    public async Task The_top_k_of_the_last_round_and_the_random_baseline_are_trained_and_scored_with_the_final_supernet()
    {
        using var supernet = new FakeSupernet();
        var trials = WeightSharingStrategyTests.Run(supernet, new FakeOptimizer(Space, FakeSupernet.Quality), new MemoryTrialStore(),
            new MemorySupernetCheckpoints(), new MemoryCheckpoints(), Options).Trials;
        var trainer = new FunctionEvaluator(g => 10 * FakeSupernet.Quality(g));
        var store = new MemoryStandalone();

        var results = await new FinalTraining(Space, Options, supernet, trainer, store).RunAsync(trials, seed: 3, CancellationToken.None);

        var lastRound = trials.Where(t => t.Round == 2 && t.Status == TrialStatus.Ok).OrderByDescending(t => t.Score).ThenBy(t => t.Index).Select(t => t.Genotype).Distinct().Take(3);
        Assert.Equal(lastRound, results.Where(r => r.Role == "top").Select(r => r.Genotype));
        var random = results.Where(r => r.Role == "random").ToList();
        Assert.Equal(2, random.Count);
        Assert.DoesNotContain(random, r => lastRound.Contains(r.Genotype));
        Assert.All(results, r => Assert.Equal(supernet.Score(r.Genotype, default).Score, r.SharedScore));
        Assert.All(results, r => Assert.Equal(10 * FakeSupernet.Quality(r.Genotype), r.Score));
    }

    [Fact]
    public async Task A_resumed_final_training_trains_only_what_is_missing_and_a_failed_training_is_recorded()
    {
        using var supernet = new FakeSupernet();
        var trials = WeightSharingStrategyTests.Run(supernet, null, new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints(), Options).Trials;
        var store = new MemoryStandalone();
        using var cancel = new CancellationTokenSource();
        var calls = 0;
        var interrupted = new FunctionEvaluator(FakeSupernet.Quality, _ =>
        {
            if (++calls == 3) cancel.Cancel();
            return Task.CompletedTask;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FinalTraining(Space, Options, supernet, interrupted, store).RunAsync(trials, 3, cancel.Token));
        Assert.Equal(2, store.LoadStandalone().Count);

        var failing = new FunctionEvaluator(g => throw new InvalidOperationException("diverged"));
        var results = await new FinalTraining(Space, Options, supernet, failing, store).RunAsync(trials, 3, CancellationToken.None);

        Assert.Equal(5, results.Count);
        Assert.Equal(3, failing.TotalCalls);
        Assert.Equal(3, results.Count(r => r.Status == TrialStatus.Failed && r.Error!.Contains("diverged", StringComparison.Ordinal)));
    }

    private sealed class MemoryStandalone : IStandaloneStore
    {
        private readonly List<StandaloneResult> _results = [];

        public IReadOnlyList<StandaloneResult> LoadStandalone() => [.. _results.OrderByDescending(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.Rank)];

        public void SaveStandalone(StandaloneResult result)
        {
            _results.RemoveAll(r => r.Role == result.Role && r.Rank == result.Rank);
            _results.Add(result);
        }
    }
}
