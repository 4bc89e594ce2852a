using System.Text.Json;
using Nao.Cli;
using Nao.Cli.Commands;
using Nao.Torch;

namespace Nao.Tests.Commands;

public sealed class RecurrentTrainingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "nao-cli-rnn-" + Guid.NewGuid().ToString("N"));

    public RecurrentTrainingTests()
    {
        TorchRuntime.Initialize();
        Directory.CreateDirectory(_folder);
        var line = " the cat sat on the mat\n";
        File.WriteAllText(Path.Combine(_folder, "ptb.train.txt"), string.Concat(Enumerable.Repeat(line, 60)));
        File.WriteAllText(Path.Combine(_folder, "ptb.valid.txt"), string.Concat(Enumerable.Repeat(line, 10)));
        File.WriteAllText(Path.Combine(_folder, "ptb.test.txt"), string.Concat(Enumerable.Repeat(line, 10)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Training_prints_validation_and_test_perplexity_and_progress_with_tokens_per_second()
    {
        var (code, output, error) = await Run(Options() with { Batch = 4 });

        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"valid ppl:\s+\d+\.\d\d", output);
        Assert.Matches(@"test ppl:\s+\d+\.\d\d", output);
        Assert.Contains("tokens/s", error);
        Assert.Contains("epoch 1/1 done", error);
    }

    [Fact]
    public async Task Json_output_has_the_perplexities_and_every_epoch()
    {
        var (code, output, _) = await Run(Options() with { Batch = 4, Epochs = 2, Json = true });

        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("valid_perplexity").GetDouble() > 1);
        Assert.True(root.GetProperty("test_perplexity").GetDouble() > 1);
        Assert.Equal(2, root.GetProperty("epochs").GetArrayLength());
        Assert.Equal(6, root.GetProperty("vocabulary").GetInt32());
    }

    [Fact]
    public async Task The_default_batch_is_twenty_as_in_awd_lstm_on_ptb()
    {
        var (code, output, _) = await Run(Options() with { Json = true });

        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(20, json.RootElement.GetProperty("batch").GetInt32());
    }

    [Fact]
    public async Task Limit_tokens_caps_the_training_tokens_only()
    {
        var (code, output, _) = await Run(Options() with { Batch = 4, LimitTokens = 100, Json = true });

        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var tokens = json.RootElement.GetProperty("epochs")[0].GetProperty("tokens").GetInt64();
        Assert.InRange(tokens, 50, 100);
        Assert.Equal(100, json.RootElement.GetProperty("limit_tokens").GetInt64());
    }

    [Fact]
    public async Task A_missing_data_folder_is_a_usage_error_naming_the_folder_and_the_files()
    {
        var missing = Path.Combine(_folder, "nope");

        var (code, _, error) = await Run(Options() with { DataPath = missing });

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(missing, error);
        Assert.Contains("ptb.train.txt", error);
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_usage_error_listing_the_valid_ones()
    {
        var (code, _, error) = await Run(Options() with { Dataset = "imdb" });

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--dataset", error);
        Assert.Contains("ptb, wikitext2", error);
    }

    [Fact]
    public async Task A_batch_too_large_for_the_data_is_a_usage_error_naming_the_option()
    {
        var (code, _, error) = await Run(Options() with { Batch = 4, LimitTokens = 5 });

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--batch 4", error);
        Assert.Contains("--limit-tokens", error);
    }

    private RecurrentCommandOptions Options() =>
        new("NAO-RNN", 10_000, 8, "ptb", _folder, 1, null, null, null, false, 0);

    private static async Task<(int Code, string Out, string Error)> Run(RecurrentCommandOptions options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RecurrentTraining.RunAsync(new CliConsole(output, error), options, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
