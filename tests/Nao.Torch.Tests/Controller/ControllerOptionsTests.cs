using Nao.Controller;
using Nao.SearchSpaces;

namespace Nao.Tests.Controller;

public sealed class ControllerOptionsTests
{
    [Fact]
    public void The_defaults_are_those_of_DESIGN_section_4()
    {
        var options = new ControllerOptions();

        Assert.Equal((32, 96, 1, 200), (options.EmbeddingSize, options.HiddenSize, options.PredictorLayers, options.PredictorWidth));
        Assert.Equal((0.8, 1e-3, 100, 5.0, 1e-4), (options.TradeOff, options.LearningRate, options.BatchSize, options.GradientClip, options.WeightDecay));
        Assert.Equal((1.0, 1.0, 1.0, 50.0), (options.InitialStepSize, options.StepSizeIncrement, options.StepSizeGrowth, options.MaxStepSize));
        Assert.Equal(Enumerable.Range(1, 50).Select(k => (double)k), options.StepSizes());
        Assert.Equal(ScoreNormalization.MinMax, options.Normalization);
    }

    [Fact]
    public void Recurrent_spaces_get_64_128_and_only_cell_spaces_get_branch_swap_augmentation()
    {
        var rnn = ControllerOptions.For(SearchSpaceRegistry.EnasRnn);
        var enas = ControllerOptions.For(SearchSpaceRegistry.Enas);
        var nb201 = ControllerOptions.For(SearchSpaceRegistry.Nb201);

        Assert.Equal((64, 128, false), (rnn.EmbeddingSize, rnn.HiddenSize, rnn.Augment));
        Assert.Equal((32, 96, true), (enas.EmbeddingSize, enas.HiddenSize, enas.Augment));
        Assert.False(nb201.Augment);
        Assert.Equal((32, 96), (nb201.EmbeddingSize, nb201.HiddenSize));
    }

    [Fact]
    public void Nas_bench_201_gets_the_settings_measured_on_it_and_every_space_the_search_rounds_settings()
    {
        var nb201 = ControllerOptions.For(SearchSpaceRegistry.Nb201);
        var enas = ControllerOptions.For(SearchSpaceRegistry.Enas);

        Assert.Equal((ScoreNormalization.Rank, 5e-3, 3e-4, 0.9, 50), (nb201.Normalization, nb201.LearningRate, nb201.WeightDecay, nb201.TradeOff, nb201.Epochs));
        Assert.Equal((0.1, 0.1, 5.0), (nb201.InitialStepSize, nb201.StepSizeIncrement, nb201.MaxStepSize));
        Assert.Equal((false, 1), (nb201.PositionSteps, nb201.SecondStepStarts));
        // The other spaces: the official code's values, with the search's rounds (rank scores, 100 warm-started epochs, no extra paths).
        Assert.Equal(new ControllerOptions() with { Augment = true, Normalization = ScoreNormalization.Rank, Epochs = 100, PositionSteps = false, SecondStepStarts = 1 }, enas);
    }

    [Fact]
    public void Step_sizes_grow_additively_without_drift_or_geometrically_up_to_the_maximum()
    {
        var additive = new ControllerOptions { InitialStepSize = 0.1, StepSizeIncrement = 0.1, MaxStepSize = 5 }.StepSizes();
        var geometric = new ControllerOptions { InitialStepSize = 0.05, StepSizeIncrement = 0, StepSizeGrowth = 2, MaxStepSize = 1 }.StepSizes();

        Assert.Equal(50, additive.Count);
        Assert.Equal(0.1 + 49 * 0.1, additive[^1]);
        Assert.Equal([0.05, 0.1, 0.2, 0.4, 0.8], geometric);
    }

    [Theory]
    [InlineData("StepSizeGrowth", "Controller option StepSizeGrowth is 0.5; it must be 1 or more.")]
    [InlineData("StepSizeIncrement", "Controller option StepSizeIncrement is 0; it must be positive when StepSizeGrowth is 1, or η would never grow.")]
    [InlineData("HiddenSize", "Controller option HiddenSize is 0; it must be a positive number.")]
    [InlineData("TradeOff", "Controller option TradeOff is 1.5; it must be between 0 and 1.")]
    [InlineData("MaxStepSize", "Controller option MaxStepSize is 0.5; it must be at least InitialStepSize (1).")]
    [InlineData("PredictorLayers", "Controller option PredictorLayers is -1; it must be 0 or more.")]
    [InlineData("SecondStepStarts", "Controller option SecondStepStarts is 0; it must be 1 or more.")]
    public void Invalid_options_are_rejected_with_the_field_value_and_range(string field, string message)
    {
        var options = field switch
        {
            "HiddenSize" => new ControllerOptions { HiddenSize = 0 },
            "TradeOff" => new ControllerOptions { TradeOff = 1.5 },
            "MaxStepSize" => new ControllerOptions { MaxStepSize = 0.5 },
            "StepSizeGrowth" => new ControllerOptions { StepSizeGrowth = 0.5 },
            "StepSizeIncrement" => new ControllerOptions { StepSizeIncrement = 0 },
            "SecondStepStarts" => new ControllerOptions { SecondStepStarts = 0 },
            _ => new ControllerOptions { PredictorLayers = -1 },
        };

        var error = Assert.Throws<ArgumentException>(() => new NaoController(SearchSpaceRegistry.Nb201, options));

        Assert.StartsWith(message, error.Message);
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Json_settings_override_the_space_defaults_field_by_field_and_round_trip()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"epochs": 300, "Normalization": "rank", "learningrate": 0.005}""")!.AsObject();

        var options = ControllerOptions.FromJson(json, SearchSpaceRegistry.EnasRnn);

        Assert.Equal(ControllerOptions.For(SearchSpaceRegistry.EnasRnn) with { Epochs = 300, Normalization = ScoreNormalization.Rank, LearningRate = 0.005 }, options);
        Assert.Equal(options, ControllerOptions.FromJson(options.ToJson(), SearchSpaceRegistry.Nb201));
        Assert.Equal(ControllerOptions.For(SearchSpaceRegistry.Enas), ControllerOptions.FromJson(null, SearchSpaceRegistry.Enas));
        Assert.Equal("rank", options.ToJson()["normalization"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"epoch": 3}""", "Unknown controller setting 'epoch'. Valid settings: embeddingSize, hiddenSize,")]
    [InlineData("""{"normalization": "zscore"}""", "Invalid controller setting normalization = \"zscore\": valid values are minMax, rank.")]
    [InlineData("""{"epochs": "many"}""", "Invalid controller setting epochs = \"many\": it must be a number.")]
    [InlineData("""{"warmStart": 1}""", "Invalid controller setting warmStart = 1: it must be true or false.")]
    [InlineData("""{"positionSteps": "yes"}""", "Invalid controller setting positionSteps = \"yes\": it must be true or false.")]
    [InlineData("""{"batchSize": 0}""", "Controller option BatchSize is 0; it must be a positive number.")]
    public void Bad_json_settings_are_rejected_with_the_setting_named(string text, string message)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();

        var error = Assert.Throws<ArgumentException>(() => ControllerOptions.FromJson(json, SearchSpaceRegistry.Nb201));

        Assert.StartsWith(message, error.Message);
    }
}
