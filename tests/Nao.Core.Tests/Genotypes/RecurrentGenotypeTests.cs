using Nao.Genotypes;

namespace Nao.Tests.Genotypes;

public sealed class RecurrentGenotypeTests
{
    [Fact]
    public void Parse_and_format_round_trip_the_NAO_cell()
    {
        const string text = "0:relu 0:relu 1:relu 3:tanh 4:relu 4:relu 5:relu 1:relu 7:relu 1:relu 1:identity";
        var genotype = RecurrentGenotype.Parse(text);
        Assert.Equal(text, genotype.Canonical);
        Assert.Equal(11, genotype.Nodes.Length);
        Assert.Equal(new RecurrentNode(3, RecurrentActivation.Tanh), genotype.Nodes[3]);
    }

    [Fact]
    public void Commas_and_upper_case_are_accepted_and_normalized()
    {
        Assert.Equal("0:tanh 1:sigmoid", RecurrentGenotype.Parse(" 0:TANH, 1:Sigmoid ").Canonical);
    }

    [Theory]
    [InlineData("0:relu 2:relu", "Node 2 reads node 2")]
    [InlineData("0:relu 1:swish", "unknown activation 'swish'")]
    [InlineData("0-relu", "is not predecessor:activation")]
    [InlineData("   ", "empty")]
    [InlineData("-1:relu", "Node 1 reads node -1")]
    public void Malformed_text_fails_with_a_message_that_names_the_problem(string text, string expected)
    {
        var error = Assert.Throws<ArchitectureFormatException>(() => RecurrentGenotype.Parse(text));
        Assert.Contains(expected, error.Message);
    }
}
