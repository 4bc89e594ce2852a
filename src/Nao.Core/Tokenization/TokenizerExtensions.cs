using Nao.Genotypes;

namespace Nao.Tokenization;

/// <summary>Helpers every tokenizer gets for free.</summary>
public static class TokenizerExtensions
{
    /// <summary>The valid-token mask as [position, token] booleans (DESIGN.md: mask invalid logits to −∞).</summary>
    public static bool[,] ValidMask(this ITokenizer tokenizer)
    {
        var mask = new bool[tokenizer.Length, tokenizer.VocabularySize];
        for (var p = 0; p < tokenizer.Length; p++)
        {
            foreach (var token in tokenizer.ValidTokens(p)) mask[p, token] = true;
        }
        return mask;
    }

    /// <summary>Detokenizes, returning null instead of throwing for an invalid sequence.</summary>
    public static Genotype? TryDetokenize(this ITokenizer tokenizer, IReadOnlyList<int> tokens)
    {
        try
        {
            return tokenizer.Detokenize(tokens);
        }
        catch (ArchitectureFormatException)
        {
            return null;
        }
    }

    /// <summary>Checks length and per-position validity, with a message that names the position and the token.</summary>
    /// <exception cref="ArchitectureFormatException">The sequence is invalid.</exception>
    public static void CheckSequence(this ITokenizer tokenizer, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count != tokenizer.Length)
        {
            throw new ArchitectureFormatException($"A token sequence of this space has {tokenizer.Length} tokens; got {tokens.Count}.");
        }
        for (var p = 0; p < tokens.Count; p++)
        {
            var valid = tokenizer.ValidTokens(p);
            if (!valid.Contains(tokens[p]))
            {
                var shown = tokens[p] >= 0 && tokens[p] < tokenizer.VocabularySize ? $"{tokens[p]} ({tokenizer.TokenName(tokens[p])})" : tokens[p].ToString();
                throw new ArchitectureFormatException(
                    $"Token {shown} is not valid at position {p}; valid there: {string.Join(", ", valid.Select(t => $"{t} ({tokenizer.TokenName(t)})"))}.");
            }
        }
    }
}
