using Nao.Benchmarks;
using Nao.Experiments;
using Nao.Scheduling;
using Nao.Strategies;

using Nao.Tests.Experiments;

namespace Nao.Tests.Scheduling;

public sealed class FidelitySchedulerTests
{
    private static readonly FidelityTableEvaluator Table = FidelityTableEvaluator.Nb201(TabularBenchmark.Nb201, TabularBenchmark.DefaultMetric, [12, 200]);

    private static SearchSummary Run(string kind, int budget, int parallel = 1, int scale = 3) =>
        new SearchLoop(Searches.Space, new FidelityScheduler(new RandomSearch(Searches.Space, new Random(4)),
                new SchedulerOptions { Kind = kind, Eta = 3, BracketScale = scale }),
            Table, new MemoryTrialStore(), new SearchLoopOptions { Budget = budget, Parallel = parallel })
            .RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    private static double Fidelity(Trial t) => FidelityScheduler.FidelityOf(t.Record)!.Value;

    private static int Bracket(Trial t) => (int)t.Record["bracket"]!;

    [Fact]
    public void Successive_halving_promotes_exactly_the_best_third_of_each_rung_to_the_full_fidelity()
    {
        var summary = Run("successive-halving", budget: 48);

        foreach (var bracket in summary.Trials.GroupBy(Bracket))
        {
            var low = bracket.Where(t => Fidelity(t) == 12).ToList();
            var full = bracket.Where(t => Fidelity(t) == 200).ToList();
            Assert.Equal(9, low.Count);
            Assert.Equal(3, full.Count);
            Assert.Equal(low.OrderByDescending(t => t.Score).Take(3).Select(t => t.Genotype), full.Select(t => t.Genotype));
            Assert.All(full, t => Assert.Equal(TabularBenchmark.Nb201.Lookup(t.Genotype), t.Score));
            Assert.All(low, t => Assert.Equal(TabularBenchmark.Nb201.Lookup(t.Genotype, "c10valid_val12"), t.Score));
            Assert.All(low, t => Assert.False(t.Metrics.ContainsKey("c10valid_val200_mean")));
        }
        Assert.Equal(4, summary.Trials.Select(Bracket).Distinct().Count());
    }

    [Fact]
    public void Hyperband_alternates_a_halving_bracket_and_a_full_fidelity_bracket_of_the_standard_sizes()
    {
        var summary = Run("hyperband", budget: 30, scale: 1);
        var brackets = summary.Trials.GroupBy(Bracket).Select(b => b.Select(t => Fidelity(t)).ToList()).ToList();

        Assert.Equal([12.0, 12, 12, 200], brackets[0]); // s = 1: ⌈2/2·3⌉ = 3 candidates at 12 epochs, the best one at 200
        Assert.Equal([200.0, 200], brackets[1]);         // s = 0: ⌈2/1·1⌉ = 2 candidates at 200 epochs
        Assert.Equal(brackets[0], brackets[2]);
    }

    [Fact]
    public void Parallel_evaluation_gives_the_same_trials_as_serial()
    {
        Assert.Equal(Searches.Fingerprint(Run("hyperband", 40).Trials), Searches.Fingerprint(Run("hyperband", 40, parallel: 4).Trials));
    }

    [Fact]
    public void Invalid_scheduler_options_are_refused_with_the_fix()
    {
        Assert.Contains("increasing", Assert.Throws<ArgumentException>(() => new SchedulerOptions { Kind = "hyperband", Fidelities = [200, 12] }.Validate()).Message);
        Assert.Contains("above 1", Assert.Throws<ArgumentException>(() => new SchedulerOptions { Kind = "hyperband", Eta = 1 }.Validate()).Message);
        Assert.Contains("12,200", Assert.Throws<ArgumentException>(() => FidelityTableEvaluator.Nb201(TabularBenchmark.Nb201, TabularBenchmark.DefaultMetric, [10, 200])).Message);
    }
}
