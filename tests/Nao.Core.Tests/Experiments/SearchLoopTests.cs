using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Strategies;

namespace Nao.Tests.Experiments;

public sealed class SearchLoopTests
{
    private static readonly EvolutionOptions Evolution = new() { PopulationSize = 8, TournamentSize = 3 };

    [Fact]
    public void Failed_evaluations_are_recorded_with_their_error_and_the_search_goes_on()
    {
        // Every third architecture (by hash) throws, every fifth scores NaN, every seventh never finishes in time.
        static int Key(Genotype g) => Convert.ToInt32(g.Hash[..4], 16);
        var evaluator = new ThrowingEvaluator(Key);

        var summary = Searches.Run(new RegularizedEvolution(Searches.Space, Evolution, new Random(2)), evaluator, budget: 40, parallel: 3, timeoutSeconds: 0.2);

        Assert.Equal(40, summary.Trials.Count);
        Assert.All(summary.Trials, t => Assert.NotEqual(TrialStatus.Pending, t.Status));
        foreach (var trial in summary.Trials)
        {
            var key = Key(trial.Genotype);
            if (key % 3 == 0) Assert.Equal("InvalidOperationException: diverged", trial.Error);
            else if (key % 5 == 0) Assert.Contains("non-finite score (NaN)", trial.Error);
            else if (key % 7 == 0) Assert.Contains("timed out after 0.2 s", trial.Error);
            else Assert.Equal(TrialStatus.Ok, trial.Status);
        }
        Assert.True(summary.Failed > 0 && summary.Failed < 40);
        Assert.Equal(summary.Trials.Where(t => t.Status == TrialStatus.Ok).MaxBy(t => t.Score), summary.Best);
    }

    [Fact]
    public void Parallel_evaluations_finishing_in_any_order_give_the_same_trials_as_instant_ones()
    {
        SearchSummary Run(bool slow) => Searches.Run(new RegularizedEvolution(Searches.Space, Evolution, new Random(8)),
            new FunctionEvaluator(SmoothTable.Score, slow ? g => Task.Delay(Convert.ToInt32(g.Hash[..2], 16) % 7) : null), budget: 40, parallel: 4);

        Assert.Equal(Searches.Fingerprint(Run(slow: false).Trials), Searches.Fingerprint(Run(slow: true).Trials));
    }

    [Fact]
    public async Task Progress_reports_list_the_trials_still_being_evaluated()
    {
        // Trial 0 finishes at once; trials 1 and 2 wait until the first report has been seen.
        var first = new RandomSearch(Searches.Space, new Random(3)).Ask(CancellationToken.None)!.Genotype;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = new List<SearchProgress>();
        var progress = new SyncProgress(p =>
        {
            reports.Add(p);
            gate.TrySetResult();
        });
        var loop = new SearchLoop(Searches.Space, new RandomSearch(Searches.Space, new Random(3)),
            new FunctionEvaluator(SmoothTable.Score, g => g == first ? Task.CompletedTask : gate.Task), new MemoryTrialStore(),
            new SearchLoopOptions { Budget = 3, Parallel = 3 }) { Progress = progress };

        await loop.RunAsync(CancellationToken.None);

        Assert.Equal([1, 2], reports[0].Running!.Select(t => t.Index));
        Assert.Empty(reports[^1].Running!);
    }

    private sealed class SyncProgress(Action<SearchProgress> report) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => report(value);
    }

    [Fact]
    public void Parallel_evaluations_really_overlap()
    {
        var running = 0;
        var most = 0;
        var evaluator = new FunctionEvaluator(SmoothTable.Score, async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
        });

        Searches.Run(new RandomSearch(Searches.Space, new Random(0)), evaluator, budget: 12, parallel: 4);

        Assert.Equal(4, most);
    }

    [Fact]
    public void Cancelling_leaves_the_running_evaluations_pending_and_a_resume_finishes_the_same_trials()
    {
        var store = new MemoryTrialStore();
        using var cancel = new CancellationTokenSource();
        var evaluator = new FunctionEvaluator(SmoothTable.Score, async _ =>
        {
            await Task.Delay(1);
            if (store.LoadTrials().Count >= 10) cancel.Cancel();
        });
        var loop = new SearchLoop(Searches.Space, new RandomSearch(Searches.Space, new Random(4)), evaluator, store, new SearchLoopOptions { Budget = 25, Parallel = 2 });

        Assert.ThrowsAny<OperationCanceledException>(() => loop.RunAsync(cancel.Token).GetAwaiter().GetResult());
        Assert.InRange(store.LoadTrials().Count, 10, 12);

        var resumed = Searches.Run(new RandomSearch(Searches.Space, new Random(4)), new FunctionEvaluator(SmoothTable.Score), budget: 25, parallel: 2, store: store);
        var reference = Searches.Run(new RandomSearch(Searches.Space, new Random(4)), new FunctionEvaluator(SmoothTable.Score), budget: 25, parallel: 2);
        Assert.Equal(Searches.Fingerprint(reference.Trials), Searches.Fingerprint(resumed.Trials));
    }

    [Fact]
    public void A_store_that_holds_other_architectures_cannot_be_resumed()
    {
        var store = new MemoryTrialStore();
        Searches.Run(new RandomSearch(Searches.Space, new Random(1)), new FunctionEvaluator(SmoothTable.Score), budget: 5, store: store);

        var e = Assert.Throws<ReplayMismatchException>(() =>
            Searches.Run(new RandomSearch(Searches.Space, new Random(2)), new FunctionEvaluator(SmoothTable.Score), budget: 10, store: store));
        Assert.Contains("trial 0", e.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class ThrowingEvaluator(Func<Genotype, int> key) : IEvaluator
    {
        public string Name => "throwing";

        public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
        {
            var k = key(genotype);
            if (k % 3 == 0) throw new InvalidOperationException("diverged");
            if (k % 5 == 0) return EvaluationResult.Ok(double.NaN);
            if (k % 7 == 0) await Task.Delay(Timeout.Infinite, cancellationToken);
            return EvaluationResult.Ok(SmoothTable.Score(genotype));
        }
    }
}
