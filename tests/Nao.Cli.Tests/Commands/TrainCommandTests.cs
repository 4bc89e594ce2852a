using System.Text.Json;

namespace Nao.Tests.Commands;

public sealed class TrainCommandTests
{
    private static string[] Tiny(string data, params string[] more) => TinyRun(data, epochs: 1, devSize: 8, more);

    private static string[] TinyRun(string data, int epochs, int devSize, params string[] more) =>
        ["train", "NAONet", "--dataset", "cifar10", "--data", data, "--layers", "1", "--filters", "4", "--epochs", $"{epochs}",
         "--dev-size", $"{devSize}", "--batch", "8", "--threads", "1", .. more];

    [Fact]
    public void Train_prints_the_data_splits_and_the_dev_and_test_accuracy()
    {
        using var cifar = new CifarFolder(perBatch: 8, test: 6);
        var result = CliRunner.Run(Tiny(cifar.Path));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("architecture: NAONet (nasnet)", result.Out);
        Assert.Contains("train:        32 images", result.Out);
        Assert.Contains("dev:          8 images", result.Out);
        Assert.Contains("train:        32 images (data_batch_1..5.partial.bin, images 1-32)", result.Out);
        Assert.Contains("test:         6 images (test_batch.partial.bin)", result.Out);
        Assert.Matches(@"dev accuracy: best \d+\.\d\d ?% \(epoch 1\), final \d+\.\d\d ?%", result.Out);
        Assert.Matches(@"test accuracy: \d+\.\d\d ?% on 6 images \(test_batch\.partial\.bin\)", result.Out);
        Assert.Contains("epoch 1/1: loss", result.Error);
    }

    [Fact]
    public void Json_output_holds_the_result_and_the_history_and_a_checkpoint_folder_resumes()
    {
        using var cifar = new CifarFolder(perBatch: 8, test: 4);
        var checkpoint = cifar.File("run");
        var first = CliRunner.Run(Tiny(cifar.Path, "--json", "--checkpoint", checkpoint, "--limit-train", "16"));
        Assert.True(first.ExitCode == 0, first.Error);
        using (var json = JsonDocument.Parse(first.Out))
        {
            var root = json.RootElement;
            Assert.Equal("completed", root.GetProperty("status").GetString());
            Assert.Equal(16, root.GetProperty("trainImages").GetInt32());
            Assert.Equal(8, root.GetProperty("devImages").GetInt32());
            Assert.Equal(4, root.GetProperty("testImages").GetInt32());
            Assert.Equal(1, root.GetProperty("history").GetArrayLength());
            Assert.InRange(root.GetProperty("finalDevAccuracy").GetDouble(), 0, 1);
        }
        var second = CliRunner.Run(TinyRun(cifar.Path, epochs: 2, devSize: 8, "--checkpoint", checkpoint, "--limit-train", "16"));
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("resumed:      after epoch 1", second.Out);
        Assert.Contains("Resuming from the checkpoint", second.Error);
        Assert.DoesNotContain("epoch 1/2: loss", second.Error);
        Assert.Contains("epoch 2/2: loss", second.Error);
    }

    [Fact]
    public void Missing_and_damaged_data_files_are_named()
    {
        using var cifar = new CifarFolder(perBatch: 4, test: 2);
        var missing = CliRunner.Run(Tiny(cifar.File("nothing-here")));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothing-here: not found", missing.Error);

        var bytes = File.ReadAllBytes(cifar.File("data_batch_2.partial.bin"));
        File.WriteAllBytes(cifar.File("data_batch_2.partial.bin"), bytes[..^7]);
        var truncated = CliRunner.Run(Tiny(cifar.Path));
        Assert.Equal(2, truncated.ExitCode);
        Assert.Contains("data_batch_2.partial.bin is truncated or corrupt", truncated.Error);
    }

    [Fact]
    public void A_batch_with_an_official_name_cut_at_a_record_boundary_exits_2_naming_the_file_the_counts_and_the_fix()
    {
        // 8 whole records: the length alone looks fine, and the run used to train on 8 images of this batch with exit 0.
        using var cifar = new CifarFolder(perBatch: 8, test: 4);
        File.Move(cifar.File("data_batch_2.partial.bin"), cifar.File("data_batch_2.bin"));
        var result = CliRunner.Run(Tiny(cifar.Path));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains($"{cifar.File("data_batch_2.bin")} holds 8 records, but the official file of that name holds 10,000", result.Error);
        Assert.Contains("Download cifar-10-binary.tar.gz again and extract it again", result.Error);
        Assert.Contains("rename it data_batch_2.partial.bin", result.Error);
        Assert.DoesNotContain("epoch 1/1", result.Error);
    }

    [Fact]
    public void A_learning_rate_that_makes_the_loss_explode_exits_1_saying_diverged()
    {
        // Two steps of 8: the loss explodes but stays finite, so a NaN check alone reported chance accuracy with exit 0.
        using var cifar = new CifarFolder(perBatch: 8, test: 4);
        var result = CliRunner.Run(Tiny(cifar.Path, "--lr", "1e9", "--limit-train", "16"));
        Assert.True(result.ExitCode == 1, result.Out + result.Error);
        Assert.Contains("status:       diverged: Training diverged at epoch 1", result.Out);
        Assert.Contains("exceeds 10·ln(10) = 23.03", result.Out);
        Assert.Contains("Lower the learning rate (now 1E+09)", result.Out);
        Assert.DoesNotContain("test accuracy:", result.Out);
    }

    [Fact]
    public void Without_data_or_NAO_DATA_the_error_says_how_to_point_at_the_data()
    {
        var saved = Environment.GetEnvironmentVariable("NAO_DATA");
        try
        {
            Environment.SetEnvironmentVariable("NAO_DATA", null);
            var result = CliRunner.Run("train", "NAONet", "--dataset", "fashion-mnist");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--data is missing and NAO_DATA is not set. Pass --data PATH (the fashion-mnist folder)", result.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NAO_DATA", saved);
        }
    }

    [Theory]
    [InlineData(new[] { "train", "NAONet" }, "--dataset is missing. Pick one of cifar10, cifar100, fashion-mnist, mnist, folder.")]
    [InlineData(new[] { "train", "NAONet", "--dataset", "imagenet" }, "Unknown data set 'imagenet'. Valid data sets: cifar10, cifar100, fashion-mnist, mnist, folder.")]
    [InlineData(new[] { "train", "NAONet", "--dataset", "cifar10", "--epochs", "0" }, "--epochs must be at least 1 (got 0).")]
    [InlineData(new[] { "train", "NAONet", "--dataset", "cifar10", "--batch", "1" }, "--batch must be at least 2")]
    [InlineData(new[] { "train", "NAONet", "--dataset", "cifar10", "--drop-path", "1.5" }, "--drop-path is a keep probability in (0, 1]")]
    [InlineData(new[] { "train", "NAONet", "--dataset", "cifar10", "--limit-tokens", "100" }, "--limit-tokens does not apply to the nasnet space; remove it.")]
    [InlineData(new[] { "train", "NAO-RNN", "--dataset", "ptb", "--cutout" }, "--cutout does not apply to the enas-rnn space; remove it.")]
    [InlineData(new[] { "train", "NAO-RNN", "--dataset", "ptb", "--data", "/nonexistent-nao-ptb" }, "/nonexistent-nao-ptb")]
    public void Bad_options_fail_with_exit_code_2_before_any_data_is_read(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.StartsWith("error: ", result.Error);
    }

    [Fact]
    public void A_dev_split_as_large_as_the_training_set_is_refused_with_the_fix()
    {
        using var cifar = new CifarFolder(perBatch: 2, test: 2);
        var result = CliRunner.Run(TinyRun(cifar.Path, epochs: 1, devSize: 10));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dev-size 10 leaves no training images", result.Error);
    }
}
