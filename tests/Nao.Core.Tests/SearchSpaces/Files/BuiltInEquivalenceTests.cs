using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;

namespace Nao.Tests.SearchSpaces.Files;

/// <summary>samples/spaces/nb201.yaml and enas.yaml describe the built-in spaces exactly.</summary>
public sealed class BuiltInEquivalenceTests
{
    public static TheoryData<string, string> Pairs => new() { { "nb201.yaml", "nb201" }, { "enas.yaml", "enas" } };

    private static (FileSearchSpace File, ISearchSpace BuiltIn) Spaces(string file, string builtIn) =>
        (SampleSpaces.Load(file), SearchSpaceRegistry.Get(builtIn));

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_file_space_has_the_built_in_length_vocabulary_valid_tokens_and_size(string file, string builtIn)
    {
        var (space, reference) = Spaces(file, builtIn);
        Assert.Equal(reference.Tokenizer.Length, space.Tokenizer.Length);
        Assert.Equal(reference.Tokenizer.VocabularySize, space.Tokenizer.VocabularySize);
        for (var p = 0; p < reference.Tokenizer.Length; p++)
        {
            Assert.Equal(reference.Tokenizer.ValidTokens(p), space.Tokenizer.ValidTokens(p));
        }
        Assert.Equal(reference.Size, space.Size);
        Assert.Equal(reference.Operations, space.Operations);
    }

    [Fact]
    public void Every_nb201_architecture_has_the_built_in_tokens_and_text()
    {
        var (space, reference) = Spaces("nb201.yaml", "nb201");
        var tokens = new int[6];
        var seen = new HashSet<string>();
        for (var code = 0; code < 15_625; code++)
        {
            for (int p = 0, rest = code; p < 6; p++, rest /= 5) tokens[p] = 1 + rest % 5;
            var expected = reference.Tokenizer.Detokenize(tokens);
            var actual = space.Tokenizer.Detokenize(tokens);
            Assert.Equal(expected.Canonical, actual.Canonical);
            var parsed = space.Parse(expected.Canonical);
            Assert.Equal(actual, parsed);
            Assert.Equal(tokens, space.Tokenizer.Tokenize(parsed));
            seen.Add(actual.Canonical);
        }
        Assert.Equal(15_625, seen.Count);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_thousand_random_built_in_architectures_parse_to_the_same_tokens_and_text(string file, string builtIn)
    {
        var (space, reference) = Spaces(file, builtIn);
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var expected = reference.Sample(random);
            var parsed = space.Parse(expected.Canonical);
            Assert.Equal(expected.Canonical, parsed.Canonical);
            var tokens = reference.Tokenizer.Tokenize(expected);
            Assert.Equal(tokens, space.Tokenizer.Tokenize(parsed));
            Assert.Equal(expected.Canonical, space.Tokenizer.Detokenize(tokens).Canonical);
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Sample_mutate_and_augment_with_the_same_seed_give_the_built_in_results(string file, string builtIn)
    {
        var (space, reference) = Spaces(file, builtIn);
        var (randomA, randomB) = (new Random(5), new Random(5));
        for (var i = 0; i < 2_000; i++)
        {
            var expected = reference.Sample(randomA);
            var actual = space.Sample(randomB);
            Assert.Equal(expected.Canonical, actual.Canonical);
            Assert.Equal(reference.Mutate(expected, randomA).Canonical, space.Mutate(actual, randomB).Canonical);
            var tokens = reference.Tokenizer.Tokenize(expected);
            Assert.Equal(reference.Tokenizer.Augment(tokens, randomA), space.Tokenizer.Augment(tokens, randomB));
        }
        // The two generators drew the same numbers throughout.
        Assert.Equal(randomA.Next(), randomB.Next());
    }

    [Fact]
    public void Enas_file_branches_sort_in_operation_order_not_token_order()
    {
        var space = SampleSpaces.Load("enas.yaml");
        // Token order puts sep5x5 before identity; Nao's canonical order puts identity first.
        var text = "normal: (0,sep5x5)+(0,identity) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3)"
                   + " | reduction: (1,max3x3)+(0,avg3x3) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3) (0,sep3x3)+(0,sep3x3)";
        var genotype = space.Parse(text);
        Assert.Equal(SearchSpaceRegistry.Enas.Parse(text).Canonical, genotype.Canonical);
        Assert.StartsWith("normal: (0,identity)+(0,sep5x5) ", genotype.Canonical);
        Assert.Contains("reduction: (0,avg3x3)+(1,max3x3) ", genotype.Canonical);
    }

    [Fact]
    public void Published_enas_cells_read_the_same_from_their_canonical_text()
    {
        var space = SampleSpaces.Load("enas.yaml");
        foreach (var published in PublishedArchitectures.All.Where(a => a.Space == SearchSpaceRegistry.Enas))
        {
            var genotype = (DecisionGenotype)space.Parse(published.Genotype.Canonical);
            Assert.Equal(published.Genotype.Canonical, genotype.Canonical);
            Assert.Equal(SearchSpaceRegistry.Enas.Tokenizer.Tokenize(published.Genotype), space.Tokenizer.Tokenize(genotype));
        }
    }

    [Fact]
    public void A_file_genotype_is_not_accepted_by_the_built_in_space_nor_the_reverse()
    {
        var space = SampleSpaces.Load("nb201.yaml");
        var builtIn = SearchSpaceRegistry.Nb201.Sample(new Random(1));
        Assert.Throws<ArchitectureFormatException>(() => space.Validate(builtIn));
        Assert.Throws<ArchitectureFormatException>(() => SearchSpaceRegistry.Nb201.Validate(space.Sample(new Random(1))));
    }
}
