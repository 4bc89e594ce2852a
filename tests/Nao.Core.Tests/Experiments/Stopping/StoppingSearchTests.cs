using Nao.Experiments;
using Nao.Experiments.Stopping;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Experiments.Stopping;

public sealed class StoppingSearchTests
{
    private static readonly MedianStoppingRule Median = new(new MedianStoppingOptions { MinFinished = 3, GracePoints = 2 });

    private static SearchSummary Run(bool live, int budget, int parallel = 1, ITrialStore? store = null, bool slow = false) =>
        new SearchLoop(Searches.Space, new RandomSearch(Searches.Space, new Random(5)),
                new CurveEvaluator(live) { DelayMs = slow ? g => Convert.ToInt32(g.Hash[..2], 16) % 5 : null }, store ?? new MemoryTrialStore(),
                new SearchLoopOptions { Budget = budget, Parallel = parallel }) { Stopping = Median }
            .RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void A_search_with_median_stopping_stops_exactly_the_trials_below_the_median_of_those_told_before_them()
    {
        var summary = Run(live: true, budget: 30);

        // Recompute each decision by hand: the finished curves are the ok trials before it (parallel 1).
        var finished = new List<IReadOnlyList<Nao.Evaluation.CurvePoint>>();
        foreach (var trial in summary.Trials)
        {
            var full = Enumerable.Range(1, CurveEvaluator.Points).Select(s => CurveEvaluator.At(trial.Genotype, s)).ToArray();
            int? stopAt = null;
            if (finished.Count >= 3)
            {
                for (var t = 2; t < CurveEvaluator.Points && stopAt is null; t++)
                {
                    var bests = finished.Select(c => c.Take(t).Max(p => p.Score)).Order().ToArray();
                    var median = bests.Length % 2 == 1 ? bests[bests.Length / 2] : (bests[bests.Length / 2 - 1] + bests[bests.Length / 2]) / 2;
                    if (full.Take(t).Max() < median) stopAt = t;
                }
            }
            if (stopAt is { } s)
            {
                Assert.Equal(TrialStatus.Stopped, trial.Status);
                Assert.Equal(s, trial.Curve.Count);
                Assert.Equal(full[s - 1], trial.Score);
                Assert.StartsWith("median stopping", trial.Error);
                Assert.Equal(s, trial.Metrics["stopped_step"]);
            }
            else
            {
                Assert.Equal(TrialStatus.Ok, trial.Status);
                Assert.Equal(CurveEvaluator.Points, trial.Curve.Count);
                finished.Add(trial.Curve);
            }
        }
        Assert.InRange(summary.Trials.Count(t => t.Status == TrialStatus.Stopped), 5, 25);
    }

    [Fact]
    public async Task Live_stopping_saves_the_steps_after_the_stop_and_decides_as_the_check_of_the_returned_curve_does()
    {
        var liveEvaluator = new CurveEvaluator(live: true);
        var loop = new SearchLoop(Searches.Space, new RandomSearch(Searches.Space, new Random(5)), liveEvaluator, new MemoryTrialStore(),
            new SearchLoopOptions { Budget = 30 }) { Stopping = Median };
        var live = await loop.RunAsync(CancellationToken.None);

        Assert.Equal(Searches.Fingerprint(Run(live: false, budget: 30).Trials), Searches.Fingerprint(live.Trials));
        Assert.Equal(live.Trials.Sum(t => t.Curve.Count), liveEvaluator.PointsMeasured);
        Assert.True(liveEvaluator.PointsMeasured < 30 * CurveEvaluator.Points);
    }

    [Fact]
    public void Parallel_evaluations_finishing_in_any_order_make_the_same_stop_decisions_as_instant_ones()
    {
        var instant = Run(live: true, budget: 30, parallel: 4);

        Assert.Equal(Searches.Fingerprint(instant.Trials), Searches.Fingerprint(Run(live: true, budget: 30, parallel: 4, slow: true).Trials));
        Assert.Contains(instant.Trials, t => t.Status == TrialStatus.Stopped);
    }

    [Fact]
    public void A_resumed_search_makes_the_same_stop_decisions_as_an_uninterrupted_one()
    {
        var store = new MemoryTrialStore();
        Run(live: true, budget: 12, parallel: 3, store: store);
        // Leave the last two trials pending, as a kill during their evaluation would.
        var kept = store.LoadTrials().Take(10).Concat(store.LoadTrials().Skip(10).Select(t => t with { Status = TrialStatus.Pending, Score = double.NaN, Curve = [], Error = null, Finished = null })).ToList();
        var resumedStore = new MemoryTrialStore();
        foreach (var t in kept)
        {
            resumedStore.AddPending(t);
            if (t.IsFinished) resumedStore.Complete(t);
        }

        var resumed = Run(live: true, budget: 30, parallel: 3, store: resumedStore);

        Assert.Equal(10, resumed.Replayed);
        Assert.Equal(Searches.Fingerprint(Run(live: true, budget: 30, parallel: 3).Trials), Searches.Fingerprint(resumed.Trials));
    }
}
