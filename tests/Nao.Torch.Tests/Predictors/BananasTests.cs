using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Predictors;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tests.Controller;
using TorchSharp;

namespace Nao.Tests.Predictors;

// Shares torch's global generator with the controller tests, so it runs in their (non-parallel) collection.
[Collection(ControllerCollection.Name)]
public sealed class BananasTests
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Nb201;
    private static readonly BananasOptions Tiny = new() { InitialPoolSize = 8, ProposalsPerRound = 4, Candidates = 20, EnsembleSize = 3, HiddenWidth = 16, Epochs = 30 };
    private static readonly Genotype Target = Space.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    public BananasTests() => TorchTestSetup.Initialize();

    // Two points per edge that agrees with a fixed cell: smooth in the one-hot encoding, so an MLP can learn it.
    private static double Agreement(Genotype genotype) =>
        2.0 * Enumerable.Range(0, Nb201Genotype.EdgeCount).Count(i => ((Nb201Genotype)genotype).Edges[i] == ((Nb201Genotype)Target).Edges[i]);

    private static List<ScoredArchitecture> Data(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Space.Sample(random)).Distinct().Select(g => new ScoredArchitecture(g, Agreement(g)))];
    }

    [Fact]
    public void Two_fits_with_the_same_seed_predict_the_same_and_another_seed_differs()
    {
        var data = Data(40, seed: 1);
        var queries = Data(10, seed: 2).Select(d => d.Genotype).ToList();
        using var a = new MlpEnsemble(Space, Tiny);
        using var b = new MlpEnsemble(Space, Tiny);
        using var c = new MlpEnsemble(Space, Tiny);

        a.Fit(data, seed: 5, CancellationToken.None);
        b.Fit(data, seed: 5, CancellationToken.None);
        c.Fit(data, seed: 6, CancellationToken.None);

        Assert.Equal(a.Predict(queries), b.Predict(queries));
        Assert.NotEqual(a.Predict(queries), c.Predict(queries));
    }

    [Fact]
    public void The_members_learn_the_scores_and_disagree_off_the_data()
    {
        var data = Data(60, seed: 3);
        using var ensemble = new MlpEnsemble(Space, Tiny with { Epochs = 150 });
        ensemble.Fit(data, seed: 0, CancellationToken.None);

        var fitted = ensemble.Predict([.. data.Select(d => d.Genotype)]);
        var meanError = data.Select((d, i) => Math.Abs(fitted.Average(m => m[i]) - d.Score)).Average();
        Assert.True(meanError < 0.5, $"mean absolute error on the training data {meanError:F3} (scores 0-12)");
        var unseen = ensemble.Predict([.. Data(20, seed: 4).Select(d => d.Genotype)]);
        Assert.Equal(Tiny.EnsembleSize, unseen.Length);
        Assert.Contains(Enumerable.Range(0, 20), i => unseen.Select(m => m[i]).Distinct().Count() > 1);
    }

    [Fact]
    public void Fits_and_predictions_leak_no_tensors()
    {
        var data = Data(40, seed: 1);
        using var ensemble = new MlpEnsemble(Space, Tiny with { Epochs = 3 });
        ensemble.Fit(data, seed: 1, CancellationToken.None);
        ensemble.Predict([.. data.Select(d => d.Genotype)]);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 3; i++)
        {
            ensemble.Fit(data, seed: 2 + i, CancellationToken.None);
            ensemble.Predict([.. data.Select(d => d.Genotype)]);
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static SearchSummary Search(int budget, ITrialStore store, int seed = 7)
    {
        using var ensemble = new MlpEnsemble(Space, Tiny);
        var strategy = new BananasStrategy(Space, Tiny, ensemble, new Random(seed));
        return new SearchLoop(Space, strategy, new AgreementEvaluator(), store, new SearchLoopOptions { Budget = budget }).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private static IEnumerable<string> Fingerprint(SearchSummary summary) =>
        summary.Trials.Select(t => $"{t.Index} {t.Round} {t.Genotype} {t.Status} {t.Score:R} {t.Record.ToJsonString()}");

    [Fact]
    public void A_search_cut_mid_round_and_resumed_proposes_the_same_as_one_uninterrupted()
    {
        var uninterrupted = Search(24, new MemoryTrialStore());
        var store = new MemoryTrialStore();
        Search(14, store);

        var resumed = Search(24, store);

        Assert.Equal(Fingerprint(uninterrupted), Fingerprint(resumed));
        Assert.Equal(10, resumed.Evaluated);
        Assert.All(uninterrupted.Trials.Skip(8), t => Assert.Equal("bananas", (string?)t.Record["origin"]));
        Assert.Equal(24, uninterrupted.Trials.Select(t => t.Genotype).Distinct().Count());
    }

    [Fact]
    public void The_picks_are_mutations_of_the_best_ranked_by_their_thompson_draw()
    {
        var summary = Search(16, new MemoryTrialStore(), seed: 3);

        var round = summary.Trials.Where(t => t.Round == 1).ToList();
        Assert.Equal(Tiny.ProposalsPerRound, round.Count);
        var draws = round.Select(t => (double)t.Record["thompson_draw"]!).ToList();
        Assert.Equal(draws.OrderByDescending(d => d), draws);
        var pool = summary.Trials.Take(Tiny.InitialPoolSize).ToList();
        foreach (var pick in round)
        {
            var parent = pool.Single(t => t.Genotype.Canonical == (string?)pick.Record["parent"]);
            Assert.Equal(1, Space.Tokenizer.Tokenize(parent.Genotype).Zip(Space.Tokenizer.Tokenize(pick.Genotype)).Count(p => p.First != p.Second));
        }
    }

    private sealed class AgreementEvaluator : IEvaluator
    {
        public string Name => "agreement";

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) => Task.FromResult(EvaluationResult.Ok(Agreement(genotype)));
    }
}
