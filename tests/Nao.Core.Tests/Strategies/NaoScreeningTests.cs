using Nao.Experiments;
using Nao.Genotypes;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

public sealed class NaoScreeningTests
{
    // Ten seeds with three candidates each give 30 candidates for 5 places: the screening decides.
    private static readonly NaoOptions Screened = new() { InitialPoolSize = 20, SeedCount = 10, ProposalsPerRound = 5, CandidatesPerSeed = 3 };

    [Fact]
    public void Ensemble_screening_keeps_the_candidates_with_the_highest_ensemble_mean()
    {
        // The controller rates everything alike, so only the ensemble can order the candidates.
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        using var ensemble = new FakeEnsemble(spread: 0);
        var strategy = new NaoStrategy(Searches.Space, Screened with { Screening = NaoOptions.EnsembleScreening }, optimizer, new NoCheckpoints(), new Random(3), ensemble: ensemble);

        var summary = Searches.Run(strategy, new FunctionEvaluator(SmoothTable.Score), budget: 25);

        var round = summary.Trials.Where(t => t.Round == 1).ToList();
        Assert.Equal(5, round.Count);
        Assert.Equal([20], ensemble.FitSizes);
        var candidates = ensemble.Asked.Single();
        Assert.True(candidates.Count > 5, $"only {candidates.Count} candidates were screened");
        var best = candidates.Select(SmoothTable.Score).OrderDescending().Take(5);
        Assert.Equal(best, round.Select(t => SmoothTable.Score(t.Genotype)));
        Assert.All(round, t => Assert.Equal(SmoothTable.Score(t.Genotype), (double)t.Record["acquisition"]!, 9));
    }

    [Fact]
    public void Thompson_screening_is_deterministic_under_the_seed_and_samples_from_the_spread()
    {
        SearchSummary Run(int seed)
        {
            using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
            using var ensemble = new FakeEnsemble(spread: 5);
            return Searches.Run(new NaoStrategy(Searches.Space, Screened with { Screening = NaoOptions.ThompsonScreening }, optimizer, new NoCheckpoints(), new Random(seed), ensemble: ensemble),
                new FunctionEvaluator(SmoothTable.Score), budget: 40);
        }

        var a = Run(11);
        var b = Run(11);
        var c = Run(12);

        Assert.Equal(Searches.Fingerprint(a.Trials), Searches.Fingerprint(b.Trials));
        Assert.NotEqual(Searches.Fingerprint(a.Trials), Searches.Fingerprint(c.Trials));
        // A draw from mean ± spread: not the mean itself.
        var screened = a.Trials.Where(t => t.Round > 0).ToList();
        Assert.Contains(screened, t => Math.Abs((double)t.Record["acquisition"]! - SmoothTable.Score(t.Genotype)) > 1e-6);
    }

    [Fact]
    public void A_resumed_search_with_thompson_screening_proposes_what_an_uninterrupted_one_does()
    {
        var options = Screened with { Screening = NaoOptions.ThompsonScreening };
        using var whole = new FakeOptimizer(Searches.Space, _ => 0.5);
        using var wholeEnsemble = new FakeEnsemble(spread: 5);
        var uninterrupted = Searches.Run(new NaoStrategy(Searches.Space, options, whole, new NoCheckpoints(), new Random(5), ensemble: wholeEnsemble),
            new FunctionEvaluator(SmoothTable.Score), budget: 45);

        // Stopped after 32 evaluations (inside round 3), then resumed by a new process: new strategy, optimizer and ensemble.
        var store = new MemoryTrialStore();
        using (var first = new FakeOptimizer(Searches.Space, _ => 0.5))
        using (var firstEnsemble = new FakeEnsemble(spread: 5))
        {
            Searches.Run(new NaoStrategy(Searches.Space, options, first, new NoCheckpoints(), new Random(5), ensemble: firstEnsemble), new FunctionEvaluator(SmoothTable.Score), budget: 32, store: store);
        }
        using var second = new FakeOptimizer(Searches.Space, _ => 0.5);
        using var secondEnsemble = new FakeEnsemble(spread: 5);
        var resumed = Searches.Run(new NaoStrategy(Searches.Space, options, second, new NoCheckpoints(), new Random(5), ensemble: secondEnsemble),
            new FunctionEvaluator(SmoothTable.Score), budget: 45, store: store);

        Assert.Equal(Searches.Fingerprint(uninterrupted.Trials), Searches.Fingerprint(resumed.Trials));
        Assert.Equal(13, resumed.Evaluated);
    }

    [Fact]
    public void Controller_screening_leaves_the_ensemble_alone_and_the_search_unchanged()
    {
        using var plain = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        var without = Searches.Run(new NaoStrategy(Searches.Space, Screened, plain, new NoCheckpoints(), new Random(8)), new FunctionEvaluator(SmoothTable.Score), budget: 35);
        using var other = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        using var ensemble = new FakeEnsemble(spread: 1);
        var with = Searches.Run(new NaoStrategy(Searches.Space, Screened, other, new NoCheckpoints(), new Random(8), ensemble: ensemble), new FunctionEvaluator(SmoothTable.Score), budget: 35);

        Assert.Equal(Searches.Fingerprint(without.Trials), Searches.Fingerprint(with.Trials));
        Assert.Empty(ensemble.FitSizes);
        Assert.All(with.Trials, t => Assert.Null(t.Record["acquisition"]));
    }

    [Fact]
    public void Ensemble_screening_without_an_ensemble_or_an_unknown_screening_is_rejected_with_the_fix()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        var missing = Assert.Throws<ArgumentException>(() => new NaoStrategy(Searches.Space, Screened with { Screening = NaoOptions.ThompsonScreening }, optimizer, new NoCheckpoints(), new Random(0)));
        Assert.Contains("needs a predictor ensemble", missing.Message);
        var unknown = Assert.Throws<ArgumentException>(() => new NaoStrategy(Searches.Space, Screened with { Screening = "mean" }, optimizer, new NoCheckpoints(), new Random(0)));
        Assert.Contains("'mean'", unknown.Message);
        Assert.Contains("controller, ensemble, thompson", unknown.Message);
    }

    [Fact]
    public void The_factory_gives_nao_the_ensemble_only_when_its_screening_needs_one()
    {
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        var thompson = new Search.SearchOptions { Nao = new NaoOptions { Screening = NaoOptions.ThompsonScreening } };

        var e = Assert.Throws<InvalidOperationException>(() => Search.SearchFactory.CreateStrategy(thompson, new Random(0), optimizer));
        Assert.Contains("'thompson' needs a predictor ensemble", e.Message);
        using var ensemble = new FakeEnsemble(spread: 0);
        Assert.IsType<NaoStrategy>(Search.SearchFactory.CreateStrategy(thompson, new Random(0), optimizer, ensemble: ensemble));
        Assert.IsType<NaoStrategy>(Search.SearchFactory.CreateStrategy(new Search.SearchOptions(), new Random(0), optimizer));
    }

    /// <summary>
    /// Three members that predict SmoothTable's score, one <paramref name="spread"/> below, one exactly and one above,
    /// each shifted by a small amount drawn from the fit seed (so a different seed gives a different ensemble).
    /// </summary>
    private sealed class FakeEnsemble(double spread) : IScoreEnsemble
    {
        private int _seed = -1;

        public List<int> FitSizes { get; } = [];

        public List<IReadOnlyList<Genotype>> Asked { get; } = [];

        public void Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken)
        {
            FitSizes.Add(data.Count);
            _seed = seed;
        }

        public double[][] Predict(IReadOnlyList<Genotype> architectures)
        {
            if (_seed < 0) throw new InvalidOperationException("Predict before Fit.");
            Asked.Add(architectures);
            var shift = spread == 0 ? 0 : new Random(_seed).NextDouble();
            return [.. new[] { -spread, 0, spread }.Select(d => architectures.Select(g => SmoothTable.Score(g) + d + shift).ToArray())];
        }

        public void Dispose()
        {
        }
    }
}
