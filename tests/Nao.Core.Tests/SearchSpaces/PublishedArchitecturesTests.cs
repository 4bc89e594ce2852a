using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Tests.SearchSpaces;

public sealed class PublishedArchitecturesTests
{
    public static TheoryData<string> Names => new(PublishedArchitectures.All.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_published_architecture_parses_and_prints_back_to_itself(string name)
    {
        var published = PublishedArchitectures.Get(name);
        var reparsed = published.Space.Parse(published.Genotype.Canonical);
        Assert.Equal(published.Genotype, reparsed);
        Assert.Equal(published.Genotype.Canonical, reparsed.Canonical);
        published.Space.Validate(published.Genotype);
    }

    [Fact]
    public void The_papers_architectures_are_in_their_spaces()
    {
        Assert.Equal("nasnet", PublishedArchitectures.Get("NAONet").Space.Name);
        Assert.Equal("enas", PublishedArchitectures.Get("naonet-ws").Space.Name);
        Assert.Equal("enas-rnn", PublishedArchitectures.Get("NAO-RNN").Space.Name);
    }

    [Fact]
    public void NAO_RNN_has_the_design_node_list()
    {
        Assert.Equal("0:relu 0:relu 1:relu 3:tanh 4:relu 4:relu 5:relu 1:relu 7:relu 1:relu 1:identity",
            PublishedArchitectures.Get("NAO-RNN").Genotype.Canonical);
    }

    [Fact]
    public void A_reference_resolves_names_strings_and_rejects_a_mismatched_space()
    {
        Assert.Equal("NAONet", ArchitectureReference.Resolve("naonet").PublishedName);
        Assert.Equal("nb201", ArchitectureReference.Resolve("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|").Space.Name);
        var error = Assert.Throws<ArchitectureFormatException>(() => ArchitectureReference.Resolve("NAONet", "enas"));
        Assert.Contains("--space nasnet", error.Message);
        var unknown = Assert.Throws<UnknownNameException>(() => ArchitectureReference.Resolve("AmoebaNet"));
        Assert.Contains("NAONet, NAONet-WS, NAO-RNN", unknown.Message);
    }
}
