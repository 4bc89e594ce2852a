using Nao.Data;
using Nao.Evaluation;
using Nao.SearchSpaces;
using Nao.Supernets;

namespace Nao.Tests.Data;

/// <summary>The image folder as the data set <c>folder</c>: the registry, the training evaluator's and the supernet's settings.</summary>
[Collection(nameof(Nao.Tests.Evaluation.SerialTorch))]
public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly TestFolder folder = new();

    public ImageFolderDatasetTests()
    {
        TorchTestSetup.Initialize();
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 12, size: 10);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_registry_reads_a_folder_and_computes_its_statistics_from_the_training_images()
    {
        var splits = ImageDatasets.Load("folder", folder.Path, new ImageFolderOptions { ImageSize = 6 });
        Assert.Equal((24, 6, 6), (splits.Train.Count, splits.Train.Height, splits.Train.Width));

        var (mean, std) = ImageDatasets.Statistics("folder", splits.Train);
        // Red is 0 or 50 in equal numbers: mean 25/255, std 25/255; blue is 7 everywhere: std 0 (clamped).
        Assert.Equal(25 / 255f, mean[0], 4);
        Assert.Equal(25 / 255f, std[0], 4);
        Assert.Equal(7 / 255f, mean[2], 4);
        Assert.Throws<ArgumentException>(() => ImageDatasets.Statistics("folder"));
        Assert.Throws<ArgumentException>(() => ImageDatasets.Load("cifar10", folder.Path, new ImageFolderOptions()));
    }

    [Fact]
    public void The_last_images_a_caller_holds_out_as_its_dev_set_hold_every_class_in_proportion()
    {
        var splits = ImageDatasets.Load("folder", folder.Path);
        var (train, dev) = splits.TrainAndDev(6);
        Assert.Equal(18, train.Count);
        Assert.Equal(3, dev!.Labels.ToArray().Count(l => l == 0));
        Assert.Equal(3, dev.Labels.ToArray().Count(l => l == 1));
    }

    [Fact]
    public async Task Training_settings_for_a_folder_build_an_evaluator_that_scores_a_child()
    {
        var settings = new ConvTrainingSettings
        {
            Dataset = "folder", DataPath = folder.Path, ImageSize = 8, Channels = 1, DevSize = 8, Layers = 1, Filters = 4, Epochs = 1, BatchSize = 8,
        };
        using var evaluator = settings.CreateEvaluator(seed: 0);
        var result = await evaluator.EvaluateAsync(PublishedArchitectures.Get("NAONet-WS").Genotype, CancellationToken.None);
        Assert.True(result.IsOk, result.Error);
        Assert.InRange(result.Score, 0, 1);
        Assert.Contains("16 images", evaluator.Name);
    }

    [Fact]
    public void Image_size_and_channels_are_refused_for_published_data_sets_and_left_out_of_the_json_when_unset()
    {
        var error = Assert.Throws<ArgumentException>(() => new ConvTrainingSettings { ImageSize = 32 }.Validate());
        Assert.Contains("imageSize and channels apply to dataset=folder only", error.Message);
        Assert.Throws<ArgumentException>(() => new ConvSupernetSettings { Channels = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new ConvTrainingSettings { Dataset = "folder", Channels = 2 }.Validate());

        // Supernet files saved before image folders existed still match: unset, the new settings stay out of the fingerprint.
        Assert.DoesNotContain("imageSize", new ConvSupernetSettings().Fingerprint());
        Assert.Contains("\"imageSize\":16", new ConvSupernetSettings { Dataset = "folder", ImageSize = 16 }.Fingerprint());
        // Runs stored before them read back to settings equal to the defaults.
        var old = new ConvTrainingSettings().ToJson();
        old.Remove("imageSize");
        old.Remove("channels");
        Assert.Equal(new ConvTrainingSettings(), ConvTrainingSettings.FromJson(old));
        var folderSettings = new ConvSupernetSettings { Dataset = "folder", ImageSize = 16 };
        Assert.Equal(folderSettings, ConvSupernetSettings.FromJson(folderSettings.ToJson()));
    }

    [Fact]
    public void A_supernet_trains_on_a_folder_with_its_own_dev_folder()
    {
        ImageFolderFiles.Classes(Path.Combine(folder.Path, "train"), ["a", "b"], perClass: 8, size: 10);
        ImageFolderFiles.Classes(Path.Combine(folder.Path, "val"), ["a", "b"], perClass: 4, size: 10);
        var settings = new ConvSupernetSettings
        {
            Dataset = "folder", DataPath = folder.Path, ImageSize = 8, DevSize = 4, DevBatches = 1, BatchSize = 4, Layers = 1, Filters = 4,
        };
        using var supernet = ConvSupernet.Create(settings, seed: 0);
        Assert.Equal(16, supernet.TrainImages);
    }
}
