using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.Genotypes;

public sealed class ConvGenotypeTests
{
    private const string NaoNetDesignText =
        "normal: (0, conv3x3) + (1, avg5x5), (2, conv1x3+3x1) + (1, conv3x3), (0, conv1x1) + (1, conv3x3), (0, conv1x3+3x1) + (4, conv3x3), (1, identity) + (0, conv3x3)"
        + " | reduction: (0, conv3x3) + (1, avg2x2), (0, conv1x1) + (0, avg3x3), (0, conv1x7+7x1) + (1, max2x2), (0, avg3x3) + (2, conv1x1), (1, max3x3) + (0, conv3x3)";

    [Fact]
    public void The_design_notation_of_NAONet_parses_to_the_published_genotype()
    {
        var parsed = ConvGenotype.Parse(NaoNetDesignText);
        Assert.Equal(PublishedArchitectures.Get("NAONet").Genotype, parsed);
    }

    [Fact]
    public void Swapping_the_branches_of_a_node_gives_an_equal_genotype_with_the_same_text_and_hash()
    {
        var a = ConvGenotype.Parse("(0,conv3x3)+(1,avg5x5) (1,identity)+(2,conv1x1) | (0,max2x2)+(1,conv3x3) (2,avg3x3)+(0,identity)");
        var b = ConvGenotype.Parse("(1,avg5x5)+(0,conv3x3) (2,conv1x1)+(1,identity) | (1,conv3x3)+(0,max2x2) (0,identity)+(2,avg3x3)");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.Canonical, b.Canonical);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Different_operations_make_different_genotypes()
    {
        var a = ConvGenotype.Parse("(0,conv3x3)+(1,avg5x5) | (0,conv3x3)+(1,avg5x5)");
        var b = ConvGenotype.Parse("(0,conv3x3)+(1,avg3x3) | (0,conv3x3)+(1,avg5x5)");
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void Loose_ends_are_the_nodes_no_other_node_reads()
    {
        var naoNet = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        Assert.Equal([3, 5, 6], naoNet.Normal.LooseEnds.ToArray());
        Assert.Equal([3, 4, 5, 6], naoNet.Reduction.LooseEnds.ToArray());
    }

    [Theory]
    [InlineData("(0,conv3x3)+(3,avg5x5) | (0,conv3x3)+(1,avg5x5)", "Node 2 reads input 3")]
    [InlineData("(0,conv3x3)+(1,bogus) | (0,conv3x3)+(1,avg5x5)", "unknown operation 'bogus'")]
    [InlineData("(0,conv3x3)+(1,avg5x5)", "two cells")]
    [InlineData("normal: (0,conv3x3)+(1,avg5x5) garbage | reduction: (0,conv3x3)+(1,avg5x5)", "Unexpected text 'garbage'")]
    [InlineData("normal: | reduction: (0,conv3x3)+(1,avg5x5)", "holds no cell node")]
    [InlineData("reduction: (0,conv3x3)+(1,avg5x5) | normal: (0,conv3x3)+(1,avg5x5)", "Expected the 'normal:' cell")]
    [InlineData("(0,conv3x3)+(1,avg5x5) | (0,conv3x3)+(1,avg5x5) (0,conv3x3)+(1,avg5x5)", "same number")]
    [InlineData("(x,conv3x3)+(1,avg5x5) | (0,conv3x3)+(1,avg5x5)", "input 'x' is not a number")]
    public void Malformed_text_fails_with_a_message_that_names_the_problem(string text, string expected)
    {
        var error = Assert.Throws<ArchitectureFormatException>(() => ConvGenotype.Parse(text));
        Assert.Contains(expected, error.Message);
    }
}
