using Nao.Controller;
using Nao.Metrics;
using Nao.SearchSpaces;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerQualityTests
{
    public ControllerQualityTests() => InitializeTorch();

    [Fact]
    public void A_well_trained_controller_measures_perfect_reconstruction_and_good_ranking_on_its_training_set()
    {
        var data = Pool(SearchSpaceRegistry.Nb201, 24, seed: 2);
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 150));
        controller.Fit(data, seed: 0, CancellationToken.None);

        var quality = ControllerQuality.Measure(controller, data);

        Assert.Equal(24, quality.Count);
        Assert.Equal(1.0, quality.ExactReconstruction);
        Assert.Equal(0.0, quality.MeanHammingDistance);
        Assert.True(quality.PairwiseAccuracy > 0.8, $"pairwise accuracy {quality.PairwiseAccuracy}");
        Assert.True(quality.KendallTau > 0.6, $"Kendall tau {quality.KendallTau}");
    }

    [Fact]
    public void An_undertrained_controller_measures_the_tokens_and_architectures_it_gets_wrong()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 40, seed: 3);
        using var controller = new NaoController(space, Tiny(epochs: 1));
        controller.Fit(data, seed: 0, CancellationToken.None);

        var quality = ControllerQuality.Measure(controller, data);

        var decoded = controller.Reconstruct([.. data.Select(d => d.Genotype)]);
        var wrongTokens = data.Select((d, i) => space.Tokenizer.Tokenize(d.Genotype).Where((t, p) => t != decoded[i][p]).Count()).ToArray();
        Assert.True(quality.MeanHammingDistance > 0);
        Assert.Equal(wrongTokens.Average(), quality.MeanHammingDistance, 12);
        Assert.Equal(wrongTokens.Count(w => w == 0) / 40.0, quality.ExactReconstruction, 12);
        var predicted = controller.Predict([.. data.Select(d => d.Genotype)]);
        Assert.Equal(Ranking.PairwiseAccuracy(predicted, [.. data.Select(d => d.Score)]), quality.PairwiseAccuracy);
    }

    [Fact]
    public void Measuring_needs_two_architectures()
    {
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 1));

        var error = Assert.Throws<ArgumentException>(() => ControllerQuality.Measure(controller, Pool(SearchSpaceRegistry.Nb201, 1, seed: 1)));

        Assert.Contains("at least two held-out architectures", error.Message);
    }
}
