using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;

namespace Nao.Tests.Commands;

public sealed class ParamsCommandTests
{
    [Fact]
    public void Params_prints_the_count_of_NAONet_at_N6_F36_without_and_with_the_auxiliary_head()
    {
        var result = CliRunner.Run("params", "NAONet", "--space", "nasnet", "--layers", "6", "--filters", "36");
        Assert.Equal(0, result.ExitCode);
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype,
            new CellNetworkOptions { Layers = 6, Filters = 36, AuxiliaryHead = true });
        var count = network.ParameterCount();
        Assert.InRange(count, 10.6e6 * 0.9, 10.6e6 * 1.1);
        Assert.Contains("architecture: NAONet (nasnet)", result.Out);
        Assert.Contains("network:      N=6 (20 cells), F=36, 3 input channel(s), 10 classes", result.Out);
        Assert.Contains($"parameters:   {count:N0} ({count / 1e6:F2}M)", result.Out);
        Assert.Contains($"with aux head: {network.ParameterCount(includeAuxiliaryHead: true):N0}", result.Out);
    }

    [Fact]
    public void Classes_change_only_the_classifiers()
    {
        var ten = Count(CliRunner.Run("params", "ENAS", "--layers", "1", "--filters", "4"));
        var hundred = Count(CliRunner.Run("params", "ENAS", "--layers", "1", "--filters", "4", "--classes", "100"));
        // The last cell of ENAS concatenates all 5 nodes (none reads another) of 4F = 16 channels: 80 features per class, plus a bias.
        Assert.Equal(90 * (80 + 1), hundred - ten);
    }

    [Theory]
    [InlineData(new[] { "params", "NAONet", "--layers", "0" }, "--layers must be at least 1 (got 0).")]
    [InlineData(new[] { "params", "NAONet", "--filters", "-3" }, "--filters must be at least 1 (got -3).")]
    [InlineData(new[] { "params", "NAONet", "--classes", "1" }, "--classes must be at least 2 (got 1).")]
    [InlineData(new[] { "params", "NAONet", "--space", "enas" }, "NAONet belongs to the 'nasnet' space, not 'enas'. Use --space nasnet.")]
    [InlineData(new[] { "params", "NAONet", "--vocab", "5" }, "--vocab does not apply to the nasnet space; remove it.")]
    [InlineData(new[] { "params", "NAO-RNN", "--layers", "2" }, "--layers does not apply to the enas-rnn space; remove it.")]
    [InlineData(new[] { "params", "NAO-RNN", "--vocab", "0" }, "--vocab")]
    [InlineData(new[] { "params", "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|", "--input-size", "3" }, "InputSize must be at least 4")]
    [InlineData(new[] { "params", "NAONet", "--layers", "two" }, "two")]
    public void Bad_options_fail_with_exit_code_2_and_say_what_to_fix(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.StartsWith("error: ", result.Error);
        Assert.Equal("", result.Out);
    }

    private static long Count(CliRunner.Result result)
    {
        Assert.Equal(0, result.ExitCode);
        var line = result.Out.Split('\n').Single(l => l.StartsWith("parameters:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Replace(",", ""));
    }
}
