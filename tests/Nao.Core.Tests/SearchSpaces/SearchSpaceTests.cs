using System.Numerics;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Tokenization;

namespace Nao.Tests.SearchSpaces;

public sealed class SearchSpaceTests
{
    public static TheoryData<string> SpaceNames => new(SearchSpaceRegistry.All.Select(s => s.Name));

    [Theory]
    [InlineData("nasnet", 40)]
    [InlineData("enas", 40)]
    [InlineData("enas-rnn", 22)]
    [InlineData("nb201", 6)]
    public void Each_space_has_the_token_count_of_the_design(string name, int tokens)
    {
        Assert.Equal(tokens, SearchSpaceRegistry.Get(name).Tokenizer.Length);
    }

    [Fact]
    public void Nb201_has_15625_architectures_and_each_is_sampled_as_a_distinct_token_sequence()
    {
        Assert.Equal(new BigInteger(15_625), SearchSpaceRegistry.Nb201.Size);
    }

    [Fact]
    public void Cell_space_sizes_count_each_unordered_pair_of_branches_once()
    {
        // Node k chooses an unordered pair of (input, op) among n = (k+2)·ops options: n(n+1)/2.
        BigInteger PerCell(int ops) => Enumerable.Range(0, 5).Select(k => new BigInteger((k + 2) * ops)).Aggregate(BigInteger.One, (a, n) => a * (n * (n + 1) / 2));
        Assert.Equal(BigInteger.Pow(PerCell(11), 2), SearchSpaceRegistry.Nasnet.Size);
        Assert.Equal(BigInteger.Pow(PerCell(5), 2), SearchSpaceRegistry.Enas.Size);
        Assert.Equal(Enumerable.Range(1, 11).Aggregate(BigInteger.One, (a, i) => a * 4 * i), SearchSpaceRegistry.EnasRnn.Size);
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Ten_thousand_random_architectures_round_trip_through_text_and_tokens(string name)
    {
        var space = SearchSpaceRegistry.Get(name);
        var random = new Random(17);
        for (var i = 0; i < 10_000; i++)
        {
            var genotype = space.Sample(random);
            Assert.Equal(genotype, space.Parse(genotype.Canonical));
            Assert.Equal(genotype.Canonical, space.Parse(genotype.Canonical).Canonical);
            var tokens = space.Tokenizer.Tokenize(genotype);
            Assert.Equal(space.Tokenizer.Length, tokens.Length);
            Assert.Equal(genotype, space.Tokenizer.Detokenize(tokens));
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Mutation_changes_exactly_one_decision_and_stays_in_the_space(string name)
    {
        var space = SearchSpaceRegistry.Get(name);
        var random = new Random(3);
        for (var i = 0; i < 2_000; i++)
        {
            var parent = space.Sample(random);
            var child = space.Mutate(parent, random);
            Assert.NotEqual(parent, child);
            space.Validate(child);
            var differing = space.Tokenizer.Tokenize(parent).Zip(space.Tokenizer.Tokenize(child)).Count(p => p.First != p.Second);
            // One decision changed; canonical re-ordering of a node's branches can move up to the node's 4 tokens.
            Assert.InRange(differing, 1, 4);
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Sampling_is_deterministic_for_a_seed(string name)
    {
        var space = SearchSpaceRegistry.Get(name);
        var a = Enumerable.Range(0, 20).Select(_ => space.Sample(new Random(5))).Distinct().Single();
        var b = space.Sample(new Random(5));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Sampling_nb201_covers_the_space()
    {
        var random = new Random(1);
        var seen = new HashSet<Genotype>();
        for (var i = 0; i < 200_000; i++) seen.Add(SearchSpaceRegistry.Nb201.Sample(random));
        Assert.Equal(15_625, seen.Count);
    }

    [Fact]
    public void An_architecture_of_another_space_is_rejected_with_the_valid_operations()
    {
        var naoNet = PublishedArchitectures.Get("NAONet").Genotype;
        var error = Assert.Throws<ArchitectureFormatException>(() => SearchSpaceRegistry.Enas.Validate(naoNet));
        Assert.Contains("not an operation of this space", error.Message);
        Assert.Contains("sep3x3", error.Message);
        Assert.Throws<ArchitectureFormatException>(() => SearchSpaceRegistry.Nb201.Validate(naoNet));
    }

    [Fact]
    public void A_cell_with_the_wrong_node_count_is_rejected()
    {
        var error = Assert.Throws<ArchitectureFormatException>(() => SearchSpaceRegistry.Enas.Parse("(0,sep3)+(1,sep5) | (0,sep3)+(1,sep5)"));
        Assert.Contains("has 1 nodes; this space has 5", error.Message);
    }

    [Fact]
    public void An_unknown_space_name_lists_the_valid_ones()
    {
        var error = Assert.Throws<UnknownNameException>(() => SearchSpaceRegistry.Get("darts"));
        Assert.Contains("nasnet, enas, enas-rnn, nb201", error.Message);
    }

    [Theory]
    [InlineData("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "nb201")]
    [InlineData("0:relu 1:tanh", "enas-rnn")]
    [InlineData("(0,conv3x3)+(1,avg5x5) | (0,conv3x3)+(1,avg5x5)", "nasnet")]
    [InlineData("(0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) | (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5) (0,sep3)+(1,sep5)", "enas")]
    public void The_space_of_a_string_is_inferred_from_its_shape(string text, string expected)
    {
        Assert.Equal(expected, SearchSpaceRegistry.Infer(text).Name);
    }
}
