using Nao.Experiments;
using Nao.Genotypes;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

public sealed class NaoStrategyTests
{
    private static readonly NaoOptions Small = new() { InitialPoolSize = 20, SeedCount = 10, ProposalsPerRound = 15, CandidatesPerSeed = 1 };

    [Fact]
    public void Nao_runs_its_rounds_on_everything_evaluated_and_proposes_valid_new_architectures()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        var strategy = new NaoStrategy(Searches.Space, Small, optimizer, new NoCheckpoints(), new Random(1));

        var summary = Searches.Run(strategy, new FunctionEvaluator(SmoothTable.Score), budget: 65);

        Assert.Equal(65, summary.Trials.Count);
        Assert.Equal(65, summary.Trials.Select(t => t.Genotype).Distinct().Count());
        Assert.All(summary.Trials.Take(20), t => Assert.Equal(0, t.Round));
        Assert.Equal([1, 2, 3], summary.Trials.Skip(20).Select(t => t.Round).Distinct());
        // Each round trains on every architecture evaluated before it.
        Assert.Equal([20, 35, 50], optimizer.FitSizes);
        foreach (var trial in summary.Trials.Skip(20))
        {
            Searches.Space.Validate(trial.Genotype);
            Assert.Equal("nao", (string?)trial.Record["origin"]);
            Assert.True((double)trial.Record["eta"]! >= 1);
            Assert.NotNull(trial.Record["predicted_after"]);
        }
    }

    [Fact]
    public void The_seeds_are_the_top_K_architectures_sorted_by_score()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        var strategy = new NaoStrategy(Searches.Space, Small, optimizer, new NoCheckpoints(), new Random(2));

        var summary = Searches.Run(strategy, new FunctionEvaluator(SmoothTable.Score), budget: 21);

        var expected = summary.Trials.Take(20).OrderByDescending(t => t.Score).Take(10).Select(t => t.Genotype);
        Assert.Equal(expected, optimizer.SeedsSeen[0]);
    }

    [Fact]
    public void A_round_the_optimizer_cannot_fill_is_completed_with_unseen_random_architectures()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        var strategy = new NaoStrategy(Searches.Space, Small with { SeedCount = 1, ProposalsPerRound = 10 }, optimizer, new NoCheckpoints(), new Random(4));

        var summary = Searches.Run(strategy, new FunctionEvaluator(SmoothTable.Score), budget: 30);

        var round = summary.Trials.Where(t => t.Round == 1).ToList();
        Assert.Equal(10, round.Count);
        // One seed and four Propose calls give at most four; the rest are random and say why.
        Assert.InRange(round.Count(t => (string?)t.Record["origin"] == "nao"), 1, 4);
        Assert.All(round.Where(t => (string?)t.Record["origin"] == "random"), t => Assert.Contains("too few", (string?)t.Record["reason"]));
        Assert.Equal(30, summary.Trials.Select(t => t.Genotype).Distinct().Count());
    }

    [Fact]
    public void A_resumed_round_loads_the_checkpoint_instead_of_fitting_again()
    {
        using var checkpoints = new MemoryCheckpoints();
        SearchSummary Run(FakeOptimizer optimizer, ITrialStore store) =>
            Searches.Run(new NaoStrategy(Searches.Space, Small, optimizer, checkpoints, new Random(9)), new FunctionEvaluator(SmoothTable.Score), budget: 50, store: store);
        var store = new MemoryTrialStore();
        using var first = new FakeOptimizer(Searches.Space, _ => 0.5);
        var original = Run(first, store);

        using var second = new FakeOptimizer(Searches.Space, _ => 0.5);
        var replayed = Run(second, store);

        Assert.Equal(Searches.Fingerprint(original.Trials), Searches.Fingerprint(replayed.Trials));
        Assert.Empty(second.FitSizes);
        Assert.Equal(2, second.Loads);
        Assert.Equal(0, replayed.Evaluated);
    }

    [Fact]
    public void Each_seed_offers_its_candidates_per_seed_and_the_round_keeps_the_best_predicted()
    {
        // The prediction favours architectures with many copies of operation 'a' (SmoothTable's best).
        using var optimizer = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        var options = Small with { SeedCount = 10, ProposalsPerRound = 5, CandidatesPerSeed = 3 };
        var strategy = new NaoStrategy(Searches.Space, options, optimizer, new NoCheckpoints(), new Random(6));

        var summary = Searches.Run(strategy, new FunctionEvaluator(SmoothTable.Score), budget: 25);

        // Ten seeds are enough for five proposals in one call; three candidates per seed still take three calls.
        Assert.Equal(3, optimizer.SeedsSeen.Count);
        var round = summary.Trials.Where(t => t.Round == 1).ToList();
        Assert.Equal(5, round.Count);
        Assert.All(round, t => Assert.Equal("nao", (string?)t.Record["origin"]));
        var kept = round.Select(t => (double)t.Record["predicted_after"]!).ToList();
        Assert.Equal(kept.OrderByDescending(v => v), kept);
    }

    [Fact]
    public void Bad_nao_options_are_rejected_with_the_option_named()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        var e = Assert.Throws<ArgumentException>(() => new NaoStrategy(Searches.Space, Small with { InitialPoolSize = 1 }, optimizer, new NoCheckpoints(), new Random(0)));
        Assert.Contains("initial pool", e.Message);
        var c = Assert.Throws<ArgumentException>(() => new NaoStrategy(Searches.Space, Small with { CandidatesPerSeed = 0 }, optimizer, new NoCheckpoints(), new Random(0)));
        Assert.Contains("candidates per seed", c.Message);
    }

    internal static Genotype Arch(string text) => Searches.Space.Parse(text);
}
