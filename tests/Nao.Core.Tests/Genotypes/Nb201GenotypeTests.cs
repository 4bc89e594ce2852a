using Nao.Genotypes;

namespace Nao.Tests.Genotypes;

public sealed class Nb201GenotypeTests
{
    private const string Example = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    [Fact]
    public void The_benchmark_string_form_round_trips()
    {
        var genotype = Nb201Genotype.Parse(Example);
        Assert.Equal(Example, genotype.Canonical);
        Assert.Equal(
            [Nb201Operation.NorConv3x3, Nb201Operation.NorConv3x3, Nb201Operation.AvgPool3x3, Nb201Operation.SkipConnect, Nb201Operation.NorConv3x3, Nb201Operation.SkipConnect],
            genotype.Edges.ToArray());
    }

    [Theory]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|", "3 nodes")]
    [InlineData("|conv~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "unknown operation 'conv'")]
    [InlineData("|nor_conv_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "must be op~0")]
    [InlineData("|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|", "needs 2 incoming")]
    [InlineData("nor_conv_3x3~0+|a~0|b~1|+|c~0|d~1|e~2|", "must be written |op~i|")]
    public void Malformed_text_fails_with_a_message_that_names_the_problem(string text, string expected)
    {
        var error = Assert.Throws<ArchitectureFormatException>(() => Nb201Genotype.Parse(text));
        Assert.Contains(expected, error.Message);
    }
}
