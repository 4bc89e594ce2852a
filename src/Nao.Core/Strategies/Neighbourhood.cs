using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>The architectures one token away from another: every single-token change that gives a valid, distinct architecture.</summary>
public static class Neighbourhood
{
    /// <summary>
    /// Every valid architecture that differs from <paramref name="genotype"/> in one token, each once, in position
    /// then token order. Changes that give back the same architecture (a token the canonical form does not see) or
    /// one already listed (two tokens that mean the same) count once or not at all, so the list is the neighbourhood
    /// as a set.
    /// </summary>
    public static IReadOnlyList<Genotype> Of(ISearchSpace space, Genotype genotype)
    {
        var tokenizer = space.Tokenizer;
        var tokens = tokenizer.Tokenize(genotype);
        var seen = new HashSet<Genotype> { genotype };
        var neighbours = new List<Genotype>();
        for (var position = 0; position < tokens.Length; position++)
        {
            foreach (var token in tokenizer.ValidTokens(position))
            {
                if (token == tokens[position]) continue;
                var changed = (int[])tokens.Clone();
                changed[position] = token;
                var neighbour = tokenizer.Detokenize(changed);
                if (seen.Add(neighbour)) neighbours.Add(neighbour);
            }
        }
        return neighbours;
    }
}
