using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Tokenization;

namespace Nao.Tests.Tokenization;

public sealed class TokenizerTests
{
    public static TheoryData<string> SpaceNames => new(SearchSpaceRegistry.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void The_start_token_is_never_valid_and_every_position_has_a_choice(string name)
    {
        var tokenizer = SearchSpaceRegistry.Get(name).Tokenizer;
        var mask = tokenizer.ValidMask();
        for (var p = 0; p < tokenizer.Length; p++)
        {
            Assert.False(mask[p, ITokenizer.StartToken]);
            Assert.NotEmpty(tokenizer.ValidTokens(p));
            Assert.All(tokenizer.ValidTokens(p), t => Assert.InRange(t, 1, tokenizer.VocabularySize - 1));
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Every_sequence_of_position_valid_tokens_is_a_valid_architecture(string name)
    {
        var space = SearchSpaceRegistry.Get(name);
        var random = new Random(11);
        for (var i = 0; i < 2_000; i++)
        {
            var tokens = Enumerable.Range(0, space.Tokenizer.Length)
                .Select(p => space.Tokenizer.ValidTokens(p)[random.Next(space.Tokenizer.ValidTokens(p).Count)]).ToArray();
            space.Validate(space.Tokenizer.Detokenize(tokens));
        }
    }

    [Fact]
    public void Cell_inputs_are_limited_to_the_cell_inputs_and_earlier_nodes()
    {
        var tokenizer = SearchSpaceRegistry.Nasnet.Tokenizer;
        // Position 0 is node 2's first input: only the two cell inputs (tokens 1, 2).
        Assert.Equal([1, 2], tokenizer.ValidTokens(0));
        // Position 16 is node 6's first input: inputs 0..5 (tokens 1..6).
        Assert.Equal([1, 2, 3, 4, 5, 6], tokenizer.ValidTokens(16));
        // The reduction cell starts over at position 20.
        Assert.Equal([1, 2], tokenizer.ValidTokens(20));
    }

    [Fact]
    public void Branch_swap_augmentation_changes_tokens_but_not_the_architecture()
    {
        var space = SearchSpaceRegistry.Enas;
        var random = new Random(2);
        var changed = 0;
        for (var i = 0; i < 500; i++)
        {
            var genotype = space.Sample(random);
            var tokens = space.Tokenizer.Tokenize(genotype);
            var augmented = space.Tokenizer.Augment(tokens, random);
            Assert.Equal(genotype, space.Tokenizer.Detokenize(augmented));
            if (!augmented.SequenceEqual(tokens)) changed++;
            // One node per cell is swapped: the rest of each cell is untouched.
            Assert.InRange(tokens.Zip(augmented).Count(p => p.First != p.Second), 0, 8);
        }
        Assert.True(changed > 400, $"only {changed} of 500 augmentations changed the sequence");
    }

    [Fact]
    public void Spaces_without_branch_symmetry_augment_to_a_copy()
    {
        var space = SearchSpaceRegistry.EnasRnn;
        var tokens = space.Tokenizer.Tokenize(space.Sample(new Random(1)));
        var augmented = space.Tokenizer.Augment(tokens, new Random(1));
        Assert.Equal(tokens, augmented);
        Assert.NotSame(tokens, augmented);
    }

    [Fact]
    public void Detokenizing_an_invalid_token_names_the_position_and_the_token()
    {
        var tokenizer = SearchSpaceRegistry.Nasnet.Tokenizer;
        var tokens = tokenizer.Tokenize(PublishedArchitectures.Get("NAONet").Genotype);
        tokens[4] = 7; // node 3's input position allows inputs 0..2 only; token 7 is input 6
        var error = Assert.Throws<ArchitectureFormatException>(() => tokenizer.Detokenize(tokens));
        Assert.Contains("position 4", error.Message);
        Assert.Contains("7 (input 6)", error.Message);
    }

    [Fact]
    public void Detokenizing_the_start_token_or_a_wrong_length_fails_clearly()
    {
        var tokenizer = SearchSpaceRegistry.Nb201.Tokenizer;
        Assert.Contains("<start>", Assert.Throws<ArchitectureFormatException>(() => tokenizer.Detokenize([0, 1, 1, 1, 1, 1])).Message);
        Assert.Contains("6 tokens; got 3", Assert.Throws<ArchitectureFormatException>(() => tokenizer.Detokenize([1, 1, 1])).Message);
        Assert.Contains("99", Assert.Throws<ArchitectureFormatException>(() => tokenizer.Detokenize([1, 1, 1, 1, 1, 99])).Message);
        Assert.Null(tokenizer.TryDetokenize([1, 1]));
    }
}
