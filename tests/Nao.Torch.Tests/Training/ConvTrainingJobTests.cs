using Nao.Data;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Tests.Data;
using Nao.Training;

namespace Nao.Tests.Training;

[Collection(nameof(Nao.Tests.Evaluation.SerialTorch))]
public sealed class ConvTrainingJobTests : IDisposable
{
    private static readonly ConvGenotype NaoNet = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
    private readonly TestFolder folder = new();

    public ConvTrainingJobTests() => TorchTestSetup.Initialize();

    public void Dispose() => folder.Dispose();

    private ConvTrainingJobOptions Tiny() => new()
    {
        Dataset = "folder", DataPath = folder.Path, ImageSize = 8, Layers = 1, Filters = 4, Epochs = 2, DevSize = 4, BatchSize = 4,
        LearningRate = 0.05, Threads = 1,
    };

    [Fact]
    public void A_job_trains_a_cell_network_on_an_image_folder_as_nao_train_does()
    {
        // Two classes told apart by colour: dark red and light green, 10×12 JPEGs and PNGs resized to 8×8.
        for (var i = 0; i < 8; i++)
        {
            ImageFolderFiles.Write(folder.File($"train/dark/{i}.jpg"), 12, 10, (x, y) => new SkiaSharp.SKColor((byte)(100 + i), 10, 10));
            ImageFolderFiles.Write(folder.File($"train/light/{i}.png"), 12, 10, (x, y) => new SkiaSharp.SKColor(10, (byte)(200 + i), 10));
        }
        ImageFolderFiles.Solid(folder.File("test/dark/0.png"), 8, new SkiaSharp.SKColor(100, 10, 10));
        ImageFolderFiles.Solid(folder.File("test/light/0.png"), 8, new SkiaSharp.SKColor(10, 200, 10));

        var options = Tiny();
        var (path, splits) = ConvTrainingJob.LoadData(options);
        using var job = ConvTrainingJob.Create(NaoNet, options, path, splits);

        Assert.Equal((12, 4, 2), (job.Train.Count, job.Dev!.Count, job.Test!.Count));
        Assert.Equal((3, 2), (job.Network.InputChannels, job.Network.Classes));
        Assert.True(job.ParameterCount > 0);
        var log = new StringWriter();
        var result = job.Run(log);
        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(2, result.Epochs.Count);
        Assert.InRange(result.FinalDevAccuracy!.Value, 0, 1);
        Assert.Equal(2, result.TestImages);
        Assert.Contains("epoch 2/2", log.ToString());
    }

    [Fact]
    public void A_dev_size_that_leaves_no_training_images_or_bad_options_are_refused_before_training()
    {
        ImageFolderFiles.Classes(folder.Path, ["a", "b"], perClass: 2);
        var options = Tiny() with { DevSize = 4 };
        var (path, splits) = ConvTrainingJob.LoadData(options);
        var error = Assert.Throws<ArgumentException>(() => ConvTrainingJob.Create(NaoNet, options, path, splits));
        Assert.Contains("DevSize 4 leaves no training images", error.Message);

        Assert.Contains("BatchSize must be at least 2", Assert.Throws<ArgumentException>((Tiny() with { BatchSize = 1 }).Validate).Message);
        Assert.Contains("apply to dataset=folder only", Assert.Throws<ArgumentException>((Tiny() with { Dataset = "mnist" }).Validate).Message);
    }
}
