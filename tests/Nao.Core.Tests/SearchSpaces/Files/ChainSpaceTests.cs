using System.Numerics;
using Nao.Genotypes;
using Nao.SearchSpaces.Files;

namespace Nao.Tests.SearchSpaces.Files;

public sealed class ChainSpaceTests
{
    private readonly FileSearchSpace _space = SampleSpaces.Load("chain.yaml");

    [Fact]
    public void The_chain_has_36_to_the_eighth_architectures_of_24_tokens()
    {
        Assert.Equal(BigInteger.Pow(4 * 3 * 3, 8), _space.Size);
        Assert.Equal(24, _space.Tokenizer.Length);
        Assert.Equal(1 + 4 + 3 + 3, _space.Tokenizer.VocabularySize);
        Assert.Equal(["conv", "sep_conv", "dil_conv", "identity"], _space.Operations);
    }

    [Fact]
    public void Samples_validate_and_round_trip_through_text_and_tokens()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var genotype = _space.Sample(random);
            _space.Validate(genotype);
            Assert.Equal(genotype, _space.Parse(genotype.Canonical));
            Assert.Equal(genotype, _space.Tokenizer.Detokenize(_space.Tokenizer.Tokenize(genotype)));
        }
    }

    [Fact]
    public void A_mutation_changes_exactly_one_decision()
    {
        var random = new Random(4);
        for (var i = 0; i < 500; i++)
        {
            var parent = (DecisionGenotype)_space.Sample(random);
            var child = (DecisionGenotype)_space.Mutate(parent, random);
            Assert.Equal(1, parent.Values.Zip(child.Values).Count(p => p.First != p.Second));
        }
    }

    [Fact]
    public void Decisions_are_read_by_path_and_text_follows_the_format()
    {
        var genotype = (DecisionGenotype)_space.Parse(
            "conv/k3/x1 sep_conv/k5/x0.5 dil_conv/k7/x2 identity/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k7/x2");
        Assert.Equal("sep_conv", genotype["layer1.op"]);
        Assert.Equal("5", genotype["layer1.kernel"]);
        Assert.Equal("0.5", genotype["layer1.width"]);
        Assert.Equal("layer0.op", genotype.Names[0]);
        Assert.Equal("chain", genotype.SpaceName);
        Assert.Throws<KeyNotFoundException>(() => genotype["layer8.op"]);
    }

    [Fact]
    public void Display_writes_one_line_per_layer_with_the_display_template()
    {
        var genotype = _space.Parse("conv/k3/x1 sep_conv/k5/x0.5 dil_conv/k7/x2 identity/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k7/x2");
        var lines = _space.Display(genotype);
        Assert.Equal(8, lines.Count);
        Assert.Equal("layer 1: sep_conv, kernel 5, width x0.5", lines[1]);
    }

    [Theory]
    [InlineData("conv/k3/x1", "at the end")]
    [InlineData("conv/k4/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1", "layer0.kernel (3, 5, 7)")]
    [InlineData("pool/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1 conv/k3/x1", "layer0.op")]
    public void A_text_that_does_not_fit_says_where_and_what_was_expected(string text, string expected)
    {
        var error = Assert.Throws<ArchitectureFormatException>(() => _space.Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Contains("look like: conv/k3/x0.5 conv/k3/x0.5", error.Message);
    }

    [Fact]
    public void Whitespace_in_the_text_is_free()
    {
        var canonical = _space.Sample(new Random(9)).Canonical;
        Assert.Equal(canonical, _space.Parse("  " + canonical.Replace(" ", "   ").Replace("/", " / ") + "\n").Canonical);
    }
}
