using System.Text.Json.Nodes;
using Nao.Networks.Recurrent;
using Nao.Supernets;

namespace Nao.Torch.Tests.Supernets;

public sealed class RecurrentSupernetSettingsTests
{
    [Fact]
    public void The_defaults_are_the_ENAS_DARTS_settings_at_a_CPU_sized_hidden_state()
    {
        var settings = new RecurrentSupernetSettings();

        Assert.Equal(("ptb", 200, 64, 35, 8, 64), (settings.Dataset, settings.Hidden, settings.BatchSize, settings.Bptt, settings.DevBatches, settings.DevBatchSize));
        Assert.Equal((20.0, 0.25, 8e-7, 1e-3), (settings.LearningRate, settings.Clip, settings.WeightDecay, settings.TemporalActivationRegularization));
        Assert.Null(settings.LimitTokens);
        Assert.Null(settings.DataPath);
        // Unset dropouts are DARTS's scaled to the hidden size, as for the stand-alone children.
        Assert.Equal(new RecurrentModelOptions().ScaledToHidden(200) with { Vocabulary = 50 }, settings.ModelOptions(50));
        settings.Validate();
    }

    [Fact]
    public void A_dropout_that_is_set_replaces_the_scaled_default()
    {
        var options = new RecurrentSupernetSettings { OutputDropout = 0.5, HiddenDropout = 0 }.ModelOptions(10);

        Assert.Equal(0.5, options.OutputDropout);
        Assert.Equal(0, options.HiddenDropout);
        Assert.Equal(new RecurrentModelOptions().ScaledToHidden(200).CellInputDropout, options.CellInputDropout);
    }

    [Fact]
    public void Settings_round_trip_through_camel_case_json()
    {
        var settings = new RecurrentSupernetSettings
        {
            Dataset = "wikitext2", DataPath = "/data/wt2", Hidden = 16, DevBatches = 3, LimitTokens = 1000, OutputDropout = 0.3,
        };

        var json = settings.ToJson();

        Assert.Equal(16, (int)json["hidden"]!);
        Assert.Equal(3, (int)json["devBatches"]!);
        Assert.Equal(1000, (long)json["limitTokens"]!);
        Assert.Equal(settings, RecurrentSupernetSettings.FromJson(json));
        Assert.Equal(settings, RecurrentSupernetSettings.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject()));
        Assert.Equal(new RecurrentSupernetSettings(), RecurrentSupernetSettings.FromJson(null));
        Assert.Equal(new RecurrentSupernetSettings { Hidden = 32 }, RecurrentSupernetSettings.FromJson(new JsonObject { ["hidden"] = 32 }));
    }

    [Fact]
    public void Json_of_the_wrong_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RecurrentSupernetSettings.FromJson(new JsonObject { ["hidden"] = "big" }));

        Assert.Contains("supernet settings are not valid", error.Message);
    }

    public static TheoryData<RecurrentSupernetSettings, string> OutOfRange() => new()
    {
        { new() { Dataset = "imagenet" }, "unknown corpus 'imagenet'. Valid: ptb, wikitext2" },
        { new() { Hidden = 0 }, "hidden must be at least 1" },
        { new() { BatchSize = 0 }, "batchSize must be at least 1" },
        { new() { Bptt = 0 }, "bptt must be at least 1" },
        { new() { DevBatches = 0 }, "devBatches must be at least 1" },
        { new() { DevBatchSize = -1 }, "devBatchSize must be at least 1" },
        { new() { MaxBpttDelta = -1 }, "maxBpttDelta must not be negative" },
        { new() { LearningRate = 0 }, "learningRate must be positive" },
        { new() { Clip = 0 }, "clip must be positive" },
        { new() { WeightDecay = -1e-6 }, "weightDecay must not be negative" },
        { new() { TemporalActivationRegularization = -1 }, "temporalActivationRegularization must not be negative" },
        { new() { OutputDropout = 1 }, "outputDropout must be in [0, 1)" },
        { new() { EmbeddingDropout = -0.1 }, "embeddingDropout must be in [0, 1)" },
        { new() { InitRange = 0 }, "initRange must be positive" },
        { new() { LimitTokens = 0 }, "limitTokens must be positive" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Out_of_range_values_name_the_setting(RecurrentSupernetSettings settings, string message)
    {
        var error = Assert.Throws<ArgumentException>(settings.Validate);

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_data_path_defaults_to_the_corpus_folder_under_NAO_DATA()
    {
        var previous = Environment.GetEnvironmentVariable("NAO_DATA");
        try
        {
            Environment.SetEnvironmentVariable("NAO_DATA", "/data/root");
            Assert.Equal(Path.Combine("/data/root", "wikitext-2"), new RecurrentSupernetSettings { Dataset = "wikitext2" }.ResolveDataPath());
            Assert.Equal("/mine", new RecurrentSupernetSettings { DataPath = "/mine" }.ResolveDataPath());
            Environment.SetEnvironmentVariable("NAO_DATA", null);
            var error = Assert.Throws<ArgumentException>(() => new RecurrentSupernetSettings().ResolveDataPath());
            Assert.Contains("set the supernet setting dataPath, or NAO_DATA", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NAO_DATA", previous);
        }
    }
}
