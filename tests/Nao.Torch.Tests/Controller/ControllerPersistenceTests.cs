using Nao.Controller;
using Nao.SearchSpaces;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerPersistenceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"nao-controller-{Guid.NewGuid():N}");

    public ControllerPersistenceTests()
    {
        InitializeTorch();
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_loaded_controller_predicts_reconstructs_and_proposes_exactly_as_the_saved_one()
    {
        var space = SearchSpaceRegistry.Nb201;
        var data = Pool(space, 24, seed: 1);
        var probe = Pool(space, 12, seed: 2).Select(d => d.Genotype).ToArray();
        var options = Tiny(epochs: 10) with { TradeOff = 0.7, Normalization = ScoreNormalization.Rank };
        using var saved = new NaoController(space, options);
        saved.Fit(data, seed: 0, CancellationToken.None);
        var path = Path.Combine(_folder, "sub", "controller.nao");

        saved.Save(path);
        using var loaded = new NaoController(space);
        loaded.Load(path);

        Assert.Equal(options, loaded.Options);
        Assert.Equal(saved.ScoreRange, loaded.ScoreRange);
        Assert.Equal(saved.Predict(probe), loaded.Predict(probe));
        Assert.Equal(saved.Reconstruct(probe), loaded.Reconstruct(probe));
        Assert.Equal(saved.Propose(probe, _ => false, CancellationToken.None), loaded.Propose(probe, _ => false, CancellationToken.None));
        Assert.Equal(["controller.nao"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Training_after_a_load_continues_exactly_as_training_the_saved_controller_would()
    {
        var space = SearchSpaceRegistry.Nb201;
        var first = Pool(space, 24, seed: 3);
        var second = Pool(space, 30, seed: 4);
        var probe = second.Select(d => d.Genotype).ToArray();
        using var original = new NaoController(space, Tiny(epochs: 4));
        original.Fit(first, seed: 0, CancellationToken.None);
        var path = Path.Combine(_folder, "round1.nao");
        original.Save(path);
        using var resumed = new NaoController(space);
        resumed.Load(path);

        original.Fit(second, seed: 1, CancellationToken.None);
        resumed.Fit(second, seed: 1, CancellationToken.None);

        Assert.Equal(original.Predict(probe), resumed.Predict(probe));
    }

    [Fact]
    public void Loading_into_a_controller_of_another_space_names_both_spaces()
    {
        var path = SavedNb201Controller();
        using var enas = new NaoController(SearchSpaceRegistry.Enas);

        var error = Assert.Throws<InvalidDataException>(() => enas.Load(path));

        Assert.Contains("holds a controller for the 'nb201' search space, not 'enas'", error.Message);
        Assert.False(enas.IsTrained);
    }

    [Fact]
    public void A_corrupt_byte_is_caught_by_the_checksum()
    {
        var path = SavedNb201Controller();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        using var controller = new NaoController(SearchSpaceRegistry.Nb201);

        var error = Assert.Throws<InvalidDataException>(() => controller.Load(path));

        Assert.Contains("is corrupt: its checksum does not match", error.Message);
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_are_missing()
    {
        var path = SavedNb201Controller();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        using var controller = new NaoController(SearchSpaceRegistry.Nb201);

        var error = Assert.Throws<InvalidDataException>(() => controller.Load(path));

        Assert.Contains($"is truncated or damaged: its header promises {bytes.Length} bytes, the file has {bytes.Length - 100}", error.Message);
    }

    [Fact]
    public void Other_files_and_missing_files_give_clear_errors()
    {
        var text = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(text, "this is not a controller, just some text that is long enough");
        using var controller = new NaoController(SearchSpaceRegistry.Nb201);

        var notController = Assert.Throws<InvalidDataException>(() => controller.Load(text));
        var missing = Assert.Throws<FileNotFoundException>(() => controller.Load(Path.Combine(_folder, "absent.nao")));
        var untrained = Assert.Throws<InvalidOperationException>(() => controller.Save(Path.Combine(_folder, "x.nao")));

        Assert.Contains("is not a Nao controller file", notController.Message);
        Assert.Contains("absent.nao' does not exist", missing.Message);
        Assert.Contains("not trained yet", untrained.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "x.nao")));
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it()
    {
        var path = SavedNb201Controller();
        var before = File.ReadAllBytes(path);
        using var other = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 2));
        other.Fit(Pool(SearchSpaceRegistry.Nb201, 10, seed: 9), seed: 5, CancellationToken.None);

        other.Save(path);

        Assert.NotEqual(before, File.ReadAllBytes(path));
        using var loaded = new NaoController(SearchSpaceRegistry.Nb201);
        loaded.Load(path);
        Assert.Equal(other.ScoreRange, loaded.ScoreRange);
    }

    [Fact]
    public void The_file_format_is_header_version_length_space_options_and_weights()
    {
        var path = SavedNb201Controller();
        var bytes = File.ReadAllBytes(path);
        using var reader = new BinaryReader(new MemoryStream(bytes));

        Assert.Equal("NAOCTRL\0"u8.ToArray(), reader.ReadBytes(8));
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(bytes.Length - 8 - 4 - 8 - 32, reader.ReadInt64());
        Assert.Equal("nb201", reader.ReadString());
        Assert.Equal(
            """{"embeddingSize":8,"hiddenSize":16,"predictorLayers":1,"predictorWidth":16,"tradeOff":0.8,"normalization":"minMax","learningRate":0.01,"batchSize":16,"gradientClip":5,"weightDecay":0.0001,"epochs":1,"augment":true,"warmStart":true,"pretrainArchitectures":0,"pretrainEpochs":20,"initialStepSize":1,"stepSizeIncrement":1,"stepSizeGrowth":1,"maxStepSize":50,"preferImprovement":true,"secondStep":true,"secondStepStarts":5,"positionSteps":true}""",
            reader.ReadString());
    }

    [Fact]
    public void Options_saved_before_a_setting_existed_load_with_its_default()
    {
        // The options of a file written before secondStepStarts and positionSteps were added, with positionSteps' default
        // taken from the space.
        var json = System.Text.Json.Nodes.JsonNode.Parse(
            """{"embeddingSize":8,"hiddenSize":16,"predictorLayers":1,"predictorWidth":16,"tradeOff":0.8,"normalization":"minMax","learningRate":0.01,"batchSize":16,"gradientClip":5,"weightDecay":0.0001,"epochs":1,"augment":true,"warmStart":true,"pretrainArchitectures":0,"pretrainEpochs":20,"initialStepSize":1,"stepSizeIncrement":1,"stepSizeGrowth":1,"maxStepSize":50,"preferImprovement":true,"secondStep":false}""")!.AsObject();

        var options = ControllerOptions.FromJson(json, SearchSpaceRegistry.Nb201);

        Assert.False(options.SecondStep);
        Assert.Equal(ControllerOptions.For(SearchSpaceRegistry.Nb201).SecondStepStarts, options.SecondStepStarts);
        Assert.Equal(ControllerOptions.For(SearchSpaceRegistry.Nb201).PositionSteps, options.PositionSteps);
        Assert.Equal(8, options.EmbeddingSize);
    }

    private string SavedNb201Controller()
    {
        using var controller = new NaoController(SearchSpaceRegistry.Nb201, Tiny(epochs: 1));
        controller.Fit(Pool(SearchSpaceRegistry.Nb201, 8, seed: 1), seed: 0, CancellationToken.None);
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.nao");
        controller.Save(path);
        return path;
    }
}
