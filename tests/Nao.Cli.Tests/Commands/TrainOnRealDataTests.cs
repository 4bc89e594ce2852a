using System.Text.Json;

namespace Nao.Tests.Commands;

/// <summary>End-to-end training on the real data sets (issue 4's target); slow, so not in the default run.</summary>
[Trait("Category", "Slow")]
public sealed class TrainOnRealDataTests
{
    [Fact]
    public void NAONet_N1_F16_trained_two_epochs_on_10000_cifar10_images_passes_45_percent_dev_accuracy()
    {
        var result = CliRunner.Run("train", "NAONet", "--space", "nasnet", "--dataset", "cifar10", "--data", Path.Combine(RealData.Root, "cifar-10"),
            "--layers", "1", "--filters", "16", "--epochs", "2", "--limit-train", "10000", "--threads", "1", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(10_000, root.GetProperty("trainImages").GetInt32());
        Assert.Equal(5_000, root.GetProperty("devImages").GetInt32());
        Assert.True(root.GetProperty("finalDevAccuracy").GetDouble() > 0.45, result.Out);
    }

    [Fact]
    public void A_tiny_network_learns_fashion_mnist_from_the_gzipped_idx_files()
    {
        var result = CliRunner.Run("train", "NAONet-WS", "--dataset", "fashion-mnist", "--data", Path.Combine(RealData.Root, "fashion-mnist"),
            "--layers", "1", "--filters", "8", "--epochs", "1", "--limit-train", "3000", "--dev-size", "1000", "--threads", "1", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(10_000, json.RootElement.GetProperty("testImages").GetInt32());
        Assert.True(json.RootElement.GetProperty("finalDevAccuracy").GetDouble() > 0.5, result.Out);
    }
}
