using Nao.Experiments;
using SkiaSharp;

namespace Nao.Tests.Commands;

public sealed class TrainOnImageFolderTests
{
    /// <summary>ROOT/train/{a,b} with 6 PNGs each of 12×10, ROOT/test/{a,b} with 2 JPEGs each: a dark and a light class.</summary>
    private static TempFolder ImageFolder()
    {
        var folder = new TempFolder();
        foreach (var (split, count, extension) in new[] { ("train", 6, "png"), ("test", 2, "jpg") })
        {
            foreach (var (name, shade) in new[] { ("a", (byte)30), ("b", (byte)220) })
            {
                for (var i = 0; i < count; i++)
                {
                    var path = folder[$"{split}/{name}/{i}.{extension}"];
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using var bitmap = new SKBitmap(12, 10);
                    bitmap.Erase(new SKColor(shade, (byte)(shade + i), shade));
                    using var data = bitmap.Encode(extension == "png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 95);
                    File.WriteAllBytes(path, data.ToArray());
                }
            }
        }
        return folder;
    }

    private static string[] Train(string data, params string[] more) =>
        ["train", "NAONet", "--dataset", "folder", "--data", data, "--layers", "1", "--filters", "4", "--epochs", "1",
         "--dev-size", "4", "--batch", "4", "--threads", "1", .. more];

    [Fact]
    public void Train_on_an_image_folder_resizes_the_images_and_reports_its_splits()
    {
        using var folder = ImageFolder();
        var result = CliRunner.Run(Train(folder.Path, "--image-size", "8"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"data:         folder from {folder.Path}", result.Out);
        Assert.Contains("2 classes", result.Out);
        Assert.Contains("train:        8 images", result.Out);
        Assert.Contains("dev:          4 images", result.Out);
        Assert.Contains("test:         4 images", result.Out);
        Assert.Matches(@"test accuracy: \d+\.\d\d ?% on 4 images", result.Out);
    }

    [Fact]
    public void An_image_size_for_a_published_data_set_or_a_corrupt_image_exits_2()
    {
        var published = CliRunner.Run("train", "NAONet", "--dataset", "cifar10", "--data", "/nonexistent", "--image-size", "8");
        Assert.Equal(2, published.ExitCode);
        Assert.Contains("--image-size and --channels apply to --dataset folder only", published.Error);

        using var folder = ImageFolder();
        File.WriteAllText(folder["train/b/bad.png"], "not an image");
        var corrupt = CliRunner.Run(Train(folder.Path));
        Assert.Equal(2, corrupt.ExitCode);
        Assert.Contains($"{folder["train/b/bad.png"]} is corrupt", corrupt.Error);
    }

    [Fact]
    public void A_training_search_and_a_weight_sharing_search_read_an_image_folder()
    {
        using var folder = ImageFolder();
        using var temp = new TempFolder();
        var training = CliRunner.Run("search", "--space", "enas", "--strategy", "random", "--evaluator", "train", "--budget", "1",
            "--training", "dataset=folder", "--training", $"dataPath={folder.Path}", "--training", "imageSize=8", "--training", "layers=1",
            "--training", "filters=4", "--training", "epochs=1", "--training", "batchSize=4", "--training", "devSize=4", "--run", temp["train"]);
        Assert.True(training.ExitCode == 0, training.Error);
        Assert.Equal(TrialStatus.Ok, Assert.Single(RunTrials.Trials(temp["train"])).Status);

        var sharing = CliRunner.Run("search", "--space", "enas", "--evaluator", "weight-sharing", "--strategy", "random", "--seed", "1", "--ws-threads", "1",
            "--ws-rounds", "1", "--ws-epochs", "1", "--ws-pool", "2", "--ws-keep", "1", "--ws-new", "1", "--ws-random", "1",
            "--supernet", "dataset=folder", "--supernet", $"dataPath={folder.Path}", "--supernet", "imageSize=8", "--supernet", "filters=4",
            "--supernet", "batchSize=4", "--supernet", "devSize=4", "--supernet", "devBatches=1", "--run", temp["ws"]);
        Assert.True(sharing.ExitCode == 0, sharing.Error);
        Assert.All(RunTrials.Trials(temp["ws"]), t => Assert.InRange(t.Score, 0, 1));
    }
}
