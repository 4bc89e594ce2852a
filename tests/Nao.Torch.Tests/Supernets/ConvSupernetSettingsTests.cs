using System.Text.Json.Nodes;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Tests.Data;

namespace Nao.Tests.Supernets;

public sealed class ConvSupernetSettingsTests
{
    public ConvSupernetSettingsTests() => TorchTestSetup.Initialize();

    [Fact]
    public void Settings_round_trip_through_camel_case_json_and_null_gives_the_defaults()
    {
        var settings = new ConvSupernetSettings
        {
            DataPath = "/data/cifar-10", DevSize = 100, LimitTrain = 500, Layers = 2, Filters = 8, BatchSize = 32, DevBatches = 3,
            LearningRate = 0.02, MinLearningRate = 0.0005, WeightDecay = 1e-4, GradientClip = 2, TotalEpochs = 30, Ops = "sep3x3,identity",
        };
        var json = settings.ToJson();
        Assert.Equal(3, (int)json["devBatches"]!);
        Assert.Equal("sep3x3,identity", (string)json["ops"]!);
        Assert.Equal(settings, ConvSupernetSettings.FromJson(JsonNode.Parse(json.ToJsonString())!.AsObject()));
        Assert.Equal(new ConvSupernetSettings(), ConvSupernetSettings.FromJson(null));
        Assert.Equal(new ConvSupernetSettings { Layers = 3 }, ConvSupernetSettings.FromJson(new JsonObject { ["layers"] = 3 }));
    }

    [Fact]
    public void The_defaults_are_the_documented_ones_and_valid()
    {
        var d = new ConvSupernetSettings();
        Assert.Equal(("cifar10", (string?)null, 5000, (int?)null, 1, 16, 64, 4), (d.Dataset, d.DataPath, d.DevSize, d.LimitTrain, d.Layers, d.Filters, d.BatchSize, d.DevBatches));
        Assert.Equal((0.05, 0.001, 3e-4, 5.0, 10, (string?)null), (d.LearningRate, d.MinLearningRate, d.WeightDecay, d.GradientClip, d.TotalEpochs, d.Ops));
        d.Validate();
        Assert.Equal(SearchSpaceRegistry.Enas.Operations, d.CandidateOperations().Select(o => o.Name()));
    }

    public static TheoryData<string, string> InvalidSettings() => new()
    {
        { """{"devSize":0}""", "devSize must be at least 1" },
        { """{"limitTrain":1}""", "limitTrain must be at least 2" },
        { """{"layers":0}""", "layers (N) must be at least 1" },
        { """{"filters":0}""", "filters (F) must be at least 1" },
        { """{"batchSize":1}""", "batchSize must be at least 2" },
        { """{"devBatches":0}""", "devBatches must be at least 1" },
        { """{"devSize":100,"devBatches":4,"batchSize":64}""", "need 256 dev images, but devSize is 100. Raise devSize or lower devBatches" },
        { """{"learningRate":0}""", "learningRate must be positive" },
        { """{"minLearningRate":0.1}""", "minLearningRate must be in [0, learningRate = 0.05]" },
        { """{"weightDecay":-1}""", "weightDecay must be zero or positive" },
        { """{"gradientClip":0}""", "gradientClip must be positive" },
        { """{"totalEpochs":0}""", "totalEpochs must be at least 1" },
        { """{"ops":"sep3x3,conv3x3"}""", "'conv3x3' is not an op of the enas space. Valid ops: sep3x3, sep5x5, avg3x3, max3x3, identity" },
        { """{"ops":" , "}""", "ops lists no op" },
        { """{"dataset":"imagenet"}""", "imagenet" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_are_rejected_with_a_message_naming_the_setting(string json, string message)
    {
        var settings = ConvSupernetSettings.FromJson(JsonNode.Parse(json)!.AsObject());
        var error = Assert.ThrowsAny<ArgumentException>(settings.Validate);
        Assert.Contains(message, error.Message);
        // The supernet refuses them before reading any data.
        Assert.ThrowsAny<ArgumentException>(() => ConvSupernet.Create(settings, seed: 1));
    }

    [Fact]
    public void Json_of_the_wrong_type_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvSupernetSettings.FromJson(new JsonObject { ["layers"] = "three" }));
        Assert.Contains("supernet settings are not valid", error.Message);
    }

    [Fact]
    public void Ops_accept_aliases_and_keep_the_spaces_order()
    {
        var settings = new ConvSupernetSettings { Ops = "skip, max3 ,sep_conv_3x3,sep3x3" };
        Assert.Equal([CellOperation.SepConv3x3, CellOperation.MaxPool3x3, CellOperation.Identity], settings.CandidateOperations());
    }

    [Fact]
    public void Create_reads_official_cifar_files_and_the_supernet_trains_and_scores_on_them()
    {
        using var folder = new TestFolder();
        OfficialFiles.WriteFolder(folder.Path, OfficialFiles.Cifar10Sample(perBatch: 4, test: 2));
        var settings = new ConvSupernetSettings { DataPath = folder.Path, DevSize = 8, LimitTrain = 8, Filters = 4, BatchSize = 4, DevBatches = 2 };
        using var supernet = ConvSupernet.Create(settings, seed: 1);
        Assert.Equal("enas supernet N=1 F=4 on cifar10 (sep3x3,sep5x5,avg3x3,max3x3,identity; 8 training images, 2x4 dev)", supernet.Name);
        Assert.Equal(8, supernet.TrainImages);
        Assert.True(supernet.ParameterCount > 0);
        var report = supernet.TrainEpoch([SupernetTestData.EveryInput], seed: 1, CancellationToken.None);
        Assert.Equal(2, report.Batches);
        Assert.InRange(supernet.Score(SupernetTestData.EveryInput, CancellationToken.None).Score, 0, 1);
    }

    [Fact]
    public void Create_without_a_data_path_or_NAO_DATA_says_what_to_set()
    {
        var saved = Environment.GetEnvironmentVariable("NAO_DATA");
        try
        {
            Environment.SetEnvironmentVariable("NAO_DATA", null);
            var error = Assert.Throws<ArgumentException>(() => ConvSupernet.Create(new ConvSupernetSettings(), seed: 1));
            Assert.Contains("dataPath, or NAO_DATA", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NAO_DATA", saved);
        }
    }

    [Fact]
    public void A_dev_split_as_large_as_the_data_is_rejected_with_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ConvSupernet(SupernetTestData.Tiny with { DevSize = 24, DevBatches = 2 }, SupernetTestData.Images(train: 16), seed: 1));
        Assert.Contains("devSize = 24 leaves no training images", error.Message);
    }
}
