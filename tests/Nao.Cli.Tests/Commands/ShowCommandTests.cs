using System.Xml.Linq;

namespace Nao.Tests.Commands;

public sealed class ShowCommandTests
{
    [Fact]
    public void Show_NAONet_prints_its_canonical_form_tokens_and_both_cells()
    {
        var result = CliRunner.Run("show", "NAONet");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("space:     nasnet", result.Out);
        Assert.Contains("canonical: normal: (0,conv3x3)+(1,avg5x5)", result.Out);
        Assert.Contains("tokens:    1 10 2 18", result.Out);
        Assert.Contains("normal cell", result.Out);
        Assert.Contains("reduction cell", result.Out);
    }

    [Fact]
    public void Show_NAO_RNN_in_its_space_draws_the_recurrent_cell()
    {
        var result = CliRunner.Run("show", "NAO-RNN", "--space", "enas-rnn");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("recurrent cell", result.Out);
        Assert.Contains("node 11    ← identity(node 1)", result.Out);
    }

    [Fact]
    public void Show_writes_an_svg_picture_when_asked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nao-show-{Guid.NewGuid():N}.svg");
        try
        {
            var result = CliRunner.Run("show", "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|", "--svg", path);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "show", "NAONett" }, "Unknown published architecture 'NAONett'. Valid published architectures: NAONet, NAONet-WS, NAO-RNN, ENAS, ENAS-RNN.")]
    [InlineData(new[] { "show", "NAONet", "--space", "enas" }, "NAONet belongs to the 'nasnet' space, not 'enas'. Use --space nasnet.")]
    [InlineData(new[] { "show", "NAONet", "--space", "darts" }, "Unknown search space 'darts'. Valid search spaces: nasnet, enas, enas-rnn, nb201.")]
    [InlineData(new[] { "show", "0:relu 5:relu" }, "Node 2 reads node 5")]
    [InlineData(new[] { "show", "(0,conv3x3)+(1,avg5x5) | (0,conv3x3)+(1,avg5x5)" }, "has 1 nodes; this space has 5")]
    [InlineData(new[] { "show", "|nor_conv_3x3~0|+|bad~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|" }, "unknown operation 'bad'")]
    [InlineData(new[] { "show", "0:relu 0:relu", "--space", "nb201" }, "3 nodes separated by '+'")]
    [InlineData(new[] { "show", "" }, "empty")]
    public void Malformed_input_fails_with_exit_code_2_and_a_message_that_says_what_is_wrong(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.StartsWith("error: ", result.Error);
        Assert.Equal("", result.Out);
    }
}
