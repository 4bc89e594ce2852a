using Nao.Experiments;
using Nao.Strategies;
using Nao.Tests.Strategies;
using Nao.Search;

namespace Nao.Tests.Experiments;

public sealed class ResumeTests
{
    private const int Budget = 24;

    public static TheoryData<string, int> Cases => new() { { "random", 1 }, { "evolution", 1 }, { "evolution", 3 }, { "nao", 1 }, { "nao", 3 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_search_that_crashes_at_any_write_resumes_to_the_same_trials_without_repeating_a_finished_evaluation(string strategy, int parallel)
    {
        var reference = Searches.Fingerprint(Run(strategy, parallel, new MemoryTrialStore(), new FunctionEvaluator(SmoothTable.Score)).Trials).ToList();
        // Two writes per trial (pending, then complete); crash before and after each of them.
        for (var write = 0; write < 2 * Budget; write++)
        {
            foreach (var afterWrite in new[] { false, true })
            {
                var store = new MemoryTrialStore();
                using var checkpoints = new MemoryCheckpoints();
                Assert.Throws<SimulatedCrash>(() => Run(strategy, parallel, new CrashingStore(store, write, afterWrite), new FunctionEvaluator(SmoothTable.Score), checkpoints));
                // A second crash a little later, during the first resume.
                var finishedAfterFirst = store.LoadTrials().Count(t => t.IsFinished);
                try
                {
                    Run(strategy, parallel, new CrashingStore(store, 3, afterWrite: true), new FunctionEvaluator(SmoothTable.Score), checkpoints);
                }
                catch (SimulatedCrash)
                {
                }
                Assert.True(store.LoadTrials().Count(t => t.IsFinished) >= finishedAfterFirst);

                var finishedBefore = store.LoadTrials().Where(t => t.IsFinished).Select(t => t.Genotype).ToHashSet();
                var evaluator = new FunctionEvaluator(SmoothTable.Score);
                var resumed = Run(strategy, parallel, store, evaluator, checkpoints);

                Assert.Equal(reference, Searches.Fingerprint(resumed.Trials));
                Assert.DoesNotContain(evaluator.Calls.Keys, finishedBefore.Contains);
                Assert.Equal(Budget - finishedBefore.Count, resumed.Evaluated);
                Assert.Equal(finishedBefore.Count, resumed.Replayed);
            }
        }
    }

    [Fact]
    public void A_crash_while_saving_a_controller_checkpoint_resumes_to_the_same_trials()
    {
        var reference = Searches.Fingerprint(Run("nao", 1, new MemoryTrialStore(), new FunctionEvaluator(SmoothTable.Score)).Trials);
        using var checkpoints = new MemoryCheckpoints();
        var store = new MemoryTrialStore();

        Assert.Throws<SimulatedCrash>(() => Run("nao", 1, store, new FunctionEvaluator(SmoothTable.Score), new CrashingCheckpoints(checkpoints)));
        var resumed = Run("nao", 1, store, new FunctionEvaluator(SmoothTable.Score), checkpoints);

        Assert.Equal(reference, Searches.Fingerprint(resumed.Trials));
    }

    internal static SearchSummary Run(string strategy, int parallel, ITrialStore store, FunctionEvaluator evaluator, IOptimizerCheckpoints? checkpoints = null)
    {
        var options = new SearchOptions
        {
            Strategy = strategy,
            Seed = 11,
            Nao = new NaoOptions { InitialPoolSize = 8, SeedCount = 4, ProposalsPerRound = 5 },
            Evolution = new EvolutionOptions { PopulationSize = 6, TournamentSize = 3 },
        };
        using var optimizer = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        var search = SearchFactory.CreateStrategy(options, new Random(options.Seed), optimizer, checkpoints ?? new NoCheckpoints());
        return Searches.Run(search, evaluator, Budget, parallel, store);
    }

    private sealed class CrashingCheckpoints(IOptimizerCheckpoints inner) : IOptimizerCheckpoints
    {
        public bool TryLoad(FitBinding binding, IArchitectureOptimizer optimizer) => inner.TryLoad(binding, optimizer);

        public void Save(FitBinding binding, IArchitectureOptimizer optimizer, OptimizerFitReport report)
        {
            // Dies after the checkpoint of round 2 is written, before the search goes on.
            inner.Save(binding, optimizer, report);
            if (binding.Round == 2) throw new SimulatedCrash();
        }
    }
}
