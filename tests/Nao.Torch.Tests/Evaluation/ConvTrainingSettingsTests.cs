using Nao.Evaluation;

namespace Nao.Tests.Evaluation;

public sealed class ConvTrainingSettingsTests
{
    public ConvTrainingSettingsTests() => TorchTestSetup.Initialize();

    [Fact]
    public void Settings_round_trip_through_json_and_build_an_evaluator_on_official_files()
    {
        using var folder = new Nao.Tests.Data.TestFolder();
        Nao.Tests.Data.OfficialFiles.WriteFolder(folder.Path, Nao.Tests.Data.OfficialFiles.Cifar10Sample(perBatch: 6, test: 2));
        var settings = new ConvTrainingSettings { DataPath = folder.Path, DevSize = 10, LimitTrain = 12, Layers = 1, Filters = 4, Epochs = 1, BatchSize = 6 };
        var json = settings.ToJson();
        Assert.Equal(10, (int)json["devSize"]!);
        Assert.Equal(settings, ConvTrainingSettings.FromJson(json));
        Assert.Equal(new ConvTrainingSettings(), ConvTrainingSettings.FromJson(null));
        using var evaluator = settings.CreateEvaluator(seed: 1);
        Assert.Contains("1 epochs on 12 images, dev 10", evaluator.Name);
    }
}
