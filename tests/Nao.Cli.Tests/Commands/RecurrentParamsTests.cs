using System.Text.Json;
using Nao.Cli;
using Nao.Cli.Commands;
using Nao.Torch;

namespace Nao.Tests.Commands;

public sealed class RecurrentParamsTests
{
    public RecurrentParamsTests() => TorchRuntime.Initialize();

    [Fact]
    public void NAO_RNN_at_hidden_850_with_the_PTB_vocabulary_has_27_3_million_parameters()
    {
        var (code, output, _) = Run(Options("NAO-RNN", vocab: 10_000, hidden: 850));

        Assert.Equal(ExitCodes.Success, code);
        // 10,000·850 tied embedding + 10,000 bias + 1,700·1,700 W0 + 11·850·1,700 node matrices.
        Assert.Contains("parameters: 27,295,000 (27.3M)", output);
        Assert.Contains("8,500,000", output);
        Assert.Contains("15,895,000", output);
    }

    [Fact]
    public void Json_output_gives_the_total_and_the_breakdown()
    {
        const string cell = "0:tanh 1:relu 2:relu 2:tanh 2:tanh 5:relu 1:tanh 6:relu 8:relu 8:relu 8:identity";
        var (code, output, _) = Run(Options(cell, vocab: 10, hidden: 4) with { Json = true });

        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(10 * 4 + 10 + 8 * 8 + 11 * 4 * 8, root.GetProperty("parameters").GetInt64());
        Assert.Equal(40, root.GetProperty("embedding_tied_softmax").GetInt64());
        Assert.Equal(cell, root.GetProperty("canonical").GetString());
    }

    [Fact]
    public void A_convolutional_name_is_a_usage_error_that_names_its_space()
    {
        var (code, _, error) = Run(Options("NAONet", vocab: 10_000, hidden: 850));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("nasnet", error);
    }

    [Fact]
    public void A_vocabulary_below_two_is_a_usage_error_naming_the_option()
    {
        var (code, _, error) = Run(Options("NAO-RNN", vocab: 1, hidden: 850));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--vocab", error);
    }

    private static RecurrentCommandOptions Options(string architecture, int vocab, int hidden) =>
        new(architecture, vocab, hidden, null, null, 1, null, null, null, false, 0);

    private static (int Code, string Out, string Error) Run(RecurrentCommandOptions options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = RecurrentParams.Run(new CliConsole(output, error), options);
        return (code, output.ToString(), error.ToString());
    }
}
