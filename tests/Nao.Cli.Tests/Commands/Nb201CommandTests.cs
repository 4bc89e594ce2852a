using System.Text.Json;

namespace Nao.Tests.Commands;

public sealed class Nb201CommandTests
{
    private const string ResNetLike = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|";

    [Fact]
    public void Params_prints_nas_bench_201s_published_params_and_flops_at_its_default_shape()
    {
        var result = CliRunner.Run("params", "--space", "nb201", ResNetLike);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("N=5 (15 cells, 2 residual blocks), C=16, 3×32×32 input, 10 classes", result.Out);
        Assert.Contains("NAS-Bench-201's params (MB): 0.559386", result.Out);
        Assert.Contains("FLOPs (M): 78.56193", result.Out);
    }

    [Fact]
    public void Params_takes_N_C_input_size_and_classes_and_the_flops_follow_the_input_size()
    {
        var small = CliRunner.Run("params", "--space", "nb201", ResNetLike, "--layers", "1", "--filters", "8", "--input-size", "16", "--classes", "100");
        var large = CliRunner.Run("params", "--space", "nb201", ResNetLike, "--layers", "1", "--filters", "8", "--input-size", "32", "--classes", "100");
        Assert.True(small.ExitCode == 0, small.Error);
        Assert.Contains("N=1 (3 cells, 2 residual blocks), C=8, 3×16×16 input, 100 classes", small.Out);
        Assert.Contains("parameters:   46,124", small.Out);
        Assert.Contains("parameters:   46,124", large.Out);
        Assert.Contains("FLOPs:        1,402,084", small.Out);
        Assert.DoesNotContain("FLOPs:        1,402,084", large.Out);
    }

    [Fact]
    public void Params_with_latency_times_the_network_at_batch_1_and_64_and_prints_the_spread()
    {
        var result = CliRunner.Run("params", "--space", "nb201", ResNetLike, "--layers", "1", "--filters", "4", "--input-size", "8", "--latency", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 torch thread(s); median of 9 runs after 3 warm-up; 2 repeats; load average", result.Out);
        Assert.Matches(@"batch  1:   median [0-9.]+ ms, mean [0-9.]+ ms, .*coefficient of variation [0-9.]+%", result.Out);
        Assert.Matches(@"batch 64:   median [0-9.]+ ms", result.Out);
    }

    [Fact]
    public void Params_prints_flops_for_the_cell_spaces_too()
    {
        var result = CliRunner.Run("params", "ENAS", "--layers", "1", "--filters", "4", "--input-size", "16");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("multiply-adds per 16×16 image", result.Out);
    }

    [Theory]
    [InlineData(new[] { "params", "--space", "nb201", "|nor_conv_3x3~0|+|bogus~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|" }, "unknown operation 'bogus'")]
    [InlineData(new[] { "params", "--space", "nb201", "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|" }, "3 nodes")]
    [InlineData(new[] { "params", "--space", "nb201", ResNetLike, "--input-size", "2" }, "InputSize must be at least 4")]
    [InlineData(new[] { "params", "--space", "nb201", ResNetLike, "--vocab", "5" }, "--vocab does not apply to the nb201 space")]
    [InlineData(new[] { "params", "--space", "nb201", ResNetLike, "--latency", "-1" }, "--latency must be 0 (no timing) or a number of repeats; got -1")]
    [InlineData(new[] { "params", "ENAS", "--latency", "2" }, "--latency does not apply to the enas space")]
    [InlineData(new[] { "train", "--space", "nb201", ResNetLike, "--cutout" }, "--cutout does not apply to the nb201 space")]
    [InlineData(new[] { "train", "--space", "nb201", ResNetLike, "--dataset", "folder" }, "use cifar10, cifar100, fashion-mnist or mnist")]
    [InlineData(new[] { "train", "--space", "nb201", "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~3|" }, "must be op~2")]
    [InlineData(new[] { "train", "NAONet", "--limit-valid", "10" }, "--limit-valid does not apply to the nasnet space")]
    public void Bad_nb201_input_exits_2_with_a_message_naming_the_problem(string[] args, string message)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Train_runs_nas_bench_201s_protocol_on_a_small_cifar10_subset()
    {
        var result = CliRunner.Run("train", "--space", "nb201", ResNetLike, "--data", Path.Combine(RealData.Root, "cifar-10"),
            "--layers", "1", "--filters", "8", "--epochs", "1", "--limit-train", "1000", "--limit-valid", "500", "--batch", "64", "--threads", "1", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(1000, root.GetProperty("trainImages").GetInt32());
        Assert.Equal(500, root.GetProperty("validImages").GetInt32());
        Assert.Equal(43_154, root.GetProperty("parameters").GetInt64());
        // One short epoch learns something: above the 10% of guessing on a balanced validation set.
        Assert.InRange(root.GetProperty("validAccuracy").GetDouble(), 0.13, 1.0);
        Assert.Contains("SGD Nesterov 0.9, lr 0.1 cosine, wd 0.0005", result.Error);
    }
}
