using Nao.Controller;
using Nao.SearchSpaces;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerPretrainingTests
{
    public ControllerPretrainingTests() => InitializeTorch();

    [Fact]
    public void Pretraining_on_unscored_architectures_teaches_the_decoder_architectures_it_was_never_scored_on()
    {
        // Eight scored architectures and two epochs teach the decoder little; 200 unscored ones for 30 epochs teach it more.
        var scored = Pool(SearchSpaceRegistry.Nb201, 8, seed: 1);
        var unseen = Pool(SearchSpaceRegistry.Nb201, 40, seed: 2).Select(d => d.Genotype).ToArray();
        using var plain = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 2));
        using var pretrained = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 2) with { PretrainArchitectures = 200, PretrainEpochs = 30 });

        plain.Fit(scored, seed: 3, CancellationToken.None);
        pretrained.Fit(scored, seed: 3, CancellationToken.None);

        // Tokens right, out of 40 × 12: exact sequences are still rare after this little training.
        double Right(NaoController c) => c.Reconstruct(unseen).Select((tokens, i) => tokens.Zip(SearchSpaceRegistry.Nb201.Tokenizer.Tokenize(unseen[i])).Count(p => p.First == p.Second)).Sum()
            / (double)(unseen.Length * SearchSpaceRegistry.Nb201.Tokenizer.Length);
        var (before, after) = (Right(plain), Right(pretrained));
        Assert.True(after >= before + 0.1, $"tokens of 40 unseen architectures reconstructed: {before:P0} without pre-training, {after:P0} with it");
    }

    [Fact]
    public void Two_pretrained_fits_with_the_same_seed_give_identical_predictions_and_differ_from_a_fit_without_pretraining()
    {
        var data = Pool(SearchSpaceRegistry.Nb201, 16, seed: 4);
        var more = Pool(SearchSpaceRegistry.Nb201, 24, seed: 5);
        var probe = Pool(SearchSpaceRegistry.Nb201, 10, seed: 6).Select(d => d.Genotype).ToArray();
        var options = Tiny(epochs: 2) with { PretrainArchitectures = 40, PretrainEpochs = 2 };
        using var a = new NaoController(SearchSpaceRegistry.Nb201, options);
        using var b = new NaoController(SearchSpaceRegistry.Nb201, options);
        using var none = new NaoController(SearchSpaceRegistry.Nb201, options with { PretrainArchitectures = 0 });

        a.Fit(data, seed: 7, CancellationToken.None);
        b.Fit(data, seed: 7, CancellationToken.None);
        none.Fit(data, seed: 7, CancellationToken.None);

        Assert.Equal(a.Predict(probe), b.Predict(probe));
        Assert.NotEqual(a.Predict(probe), none.Predict(probe));

        // A warm second fit (a search's next round) stays deterministic too.
        a.Fit(more, seed: 8, CancellationToken.None);
        b.Fit(more, seed: 8, CancellationToken.None);
        Assert.Equal(a.Predict(probe), b.Predict(probe));
    }

    [Fact]
    public void A_negative_pretraining_size_is_rejected_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new ControllerOptions { PretrainArchitectures = -1 }.Validate());
        Assert.Contains("PretrainArchitectures", e.Message);
    }
}
