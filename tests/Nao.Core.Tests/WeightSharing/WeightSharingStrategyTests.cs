using Nao.Experiments;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tests.Experiments;
using Nao.Tests.Strategies;
using Nao.WeightSharing;

namespace Nao.Tests.WeightSharing;

public sealed class WeightSharingStrategyTests
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Get("enas-rnn");

    private static readonly WeightSharingOptions Small = new()
    {
        Rounds = 3, EpochsPerRound = 2, InitialPoolSize = 10, KeepBest = 4, NewPerRound = 5, RandomPerRound = 2, SeedCount = 4,
    };

    [Fact]
    public void Each_round_trains_the_supernet_on_the_pool_then_scores_the_pool_and_the_controllers_new_architectures()
    {
        using var supernet = new FakeSupernet();
        var summary = Run(supernet, new FakeOptimizer(Space, FakeSupernet.Quality), new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints());

        Assert.Equal(Small.PlannedScorings, summary.Trials.Count);
        Assert.Equal(Small.Rounds * Small.EpochsPerRound, supernet.Pools.Count);
        for (var round = 1; round <= Small.Rounds; round++)
        {
            var trials = summary.Trials.Where(t => t.Round == round).ToList();
            var pool = trials.Where(t => Phase(t) == "pool").Select(t => t.Genotype).ToList();
            var fresh = trials.Where(t => Phase(t) == "new").ToList();
            // The supernet trained on exactly this round's pool, both epochs, before any of it was scored.
            Assert.Equal(pool, supernet.Pools[2 * (round - 1)]);
            Assert.Equal(pool, supernet.Pools[2 * (round - 1) + 1]);
            Assert.Equal(Small.NewPerRound, fresh.Count);
            Assert.All(fresh, t => Assert.Equal("nao", (string)t.Record["origin"]!));
            var earlier = summary.Trials.Where(t => t.Round < round).Select(t => t.Genotype).Concat(pool).ToHashSet();
            Assert.DoesNotContain(fresh, t => earlier.Contains(t.Genotype));
        }
        Assert.Equal(Small.InitialPoolSize, summary.Trials.Count(t => t.Round == 1 && Phase(t) == "pool"));
    }

    [Fact]
    public void The_next_pool_is_the_best_of_the_old_plus_the_new_plus_a_few_unseen_random_ones()
    {
        using var supernet = new FakeSupernet();
        var summary = Run(supernet, new FakeOptimizer(Space, FakeSupernet.Quality), new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints());

        var round1 = summary.Trials.Where(t => t.Round == 1).ToList();
        var best = round1.Where(t => Phase(t) == "pool").OrderByDescending(t => t.Score).ThenBy(t => t.Index).Take(Small.KeepBest).Select(t => t.Genotype);
        var fresh = round1.Where(t => Phase(t) == "new").Select(t => t.Genotype);
        var pool2 = summary.Trials.Where(t => t.Round == 2 && Phase(t) == "pool").Select(t => t.Genotype).ToList();

        Assert.Equal(best.Concat(fresh), pool2.Take(Small.KeepBest + Small.NewPerRound));
        var random = pool2.Skip(Small.KeepBest + Small.NewPerRound).ToList();
        Assert.Equal(Small.RandomPerRound, random.Count);
        Assert.DoesNotContain(random, round1.Select(t => t.Genotype).Contains);
    }

    [Fact]
    public void Without_a_controller_the_new_architectures_are_random_the_weight_sharing_baseline()
    {
        using var supernet = new FakeSupernet();
        var summary = Run(supernet, null, new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints());

        var fresh = summary.Trials.Where(t => Phase(t) == "new").ToList();
        Assert.Equal(Small.Rounds * Small.NewPerRound, fresh.Count);
        Assert.All(fresh, t => Assert.Equal("random", (string)t.Record["origin"]!));
        Assert.Equal(summary.Trials.Count, summary.Trials.Select(t => (t.Round, t.Genotype)).Distinct().Count());
    }

    [Fact]
    public void A_failed_scoring_leaves_the_architecture_out_of_the_fit_and_the_search_goes_on()
    {
        using var supernet = new FailingSupernet(g => g.Canonical.StartsWith("0:sigmoid", StringComparison.Ordinal));
        var optimizer = new FakeOptimizer(Space, FakeSupernet.Quality);
        var summary = Run(supernet, optimizer, new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints());

        Assert.Contains(summary.Trials, t => t.Status == TrialStatus.Failed);
        var failedInRound1 = summary.Trials.Count(t => t.Round == 1 && Phase(t) == "pool" && t.Status == TrialStatus.Failed);
        Assert.Equal(Small.InitialPoolSize - failedInRound1, optimizer.FitSizes[0]);
        Assert.Equal(Small.Rounds, optimizer.FitSizes.Count);
    }

    [Fact]
    public void A_search_killed_at_any_write_resumes_to_the_same_trials_with_the_saved_supernet_and_without_retraining_finished_rounds()
    {
        using var reference = new FakeSupernet();
        var expected = Searches.Fingerprint(Run(reference, new FakeOptimizer(Space, FakeSupernet.Quality), new MemoryTrialStore(), new MemorySupernetCheckpoints(), new MemoryCheckpoints()).Trials).ToList();
        for (var write = 0; write < 2 * Small.PlannedScorings; write += 3)
        {
            var store = new MemoryTrialStore();
            using var supernetCheckpoints = new FolderSupernetCheckpoints();
            using var checkpoints = new MemoryCheckpoints();
            using (var first = new FakeSupernet())
            {
                Assert.Throws<SimulatedCrash>(() => Run(first, new FakeOptimizer(Space, FakeSupernet.Quality), new CrashingStore(store, write, afterWrite: write % 2 == 0), supernetCheckpoints, checkpoints));
            }
            var roundsTrained = supernetCheckpoints.LatestRound;

            using var resumed = new FakeSupernet();
            var summary = Run(resumed, new FakeOptimizer(Space, FakeSupernet.Quality), store, supernetCheckpoints, checkpoints);

            Assert.Equal(expected, Searches.Fingerprint(summary.Trials));
            // Only the rounds not trained before the crash train again; the latest trained one is loaded.
            Assert.Equal((Small.Rounds - roundsTrained) * Small.EpochsPerRound, resumed.Pools.Count);
            Assert.Equal(roundsTrained > 0 ? 1 : 0, resumed.Loads);
            Assert.Equal(Small.Rounds * Small.EpochsPerRound, supernetCheckpoints.Curve().Count);
        }
    }

    [Theory]
    [InlineData(0, 1, "--ws-rounds")]
    [InlineData(1, 0, "--ws-epochs")]
    public void Options_out_of_range_are_refused_with_the_option_named(int rounds, int epochs, string option)
    {
        var e = Assert.Throws<ArgumentException>(() => (Small with { Rounds = rounds, EpochsPerRound = epochs }).Validate());
        Assert.Contains(option, e.Message);
    }

    [Fact]
    public void Random_baseline_architectures_need_the_final_training()
    {
        var e = Assert.Throws<ArgumentException>(() => (Small with { FinalRandom = 3 }).Validate());
        Assert.Contains("--final-train", e.Message);
    }

    private static string Phase(Trial trial) => (string)trial.Record["phase"]!;

    internal static SearchSummary Run(ISupernet supernet, IArchitectureOptimizer? optimizer, ITrialStore store, ISupernetCheckpoints supernetCheckpoints,
        IOptimizerCheckpoints checkpoints, WeightSharingOptions? options = null)
    {
        options ??= Small;
        var strategy = new WeightSharingStrategy(optimizer is null ? "random" : "nao", Space, options, supernet, supernetCheckpoints, optimizer, checkpoints, new Random(5));
        var loop = new SearchLoop(Space, strategy, new SupernetEvaluator(supernet), store, new SearchLoopOptions { Budget = options.PlannedScorings });
        return loop.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private sealed class FailingSupernet(Func<Genotype, bool> fails) : ISupernet
    {
        private readonly FakeSupernet _inner = new();

        public string Name => "failing";

        public SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken) => _inner.TrainEpoch(pool, seed, cancellationToken);

        public Nao.Evaluation.EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken) =>
            fails(genotype) ? throw new InvalidOperationException("scoring failed") : _inner.Score(genotype, cancellationToken);

        public void Save(string path) => _inner.Save(path);

        public void Load(string path) => _inner.Load(path);

        public void Dispose() => _inner.Dispose();
    }
}
