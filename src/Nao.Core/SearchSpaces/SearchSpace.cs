using System.Numerics;
using Nao.Tokenization;
using Nao.Genotypes;

namespace Nao.SearchSpaces;

/// <summary>
/// A search space defined by its tokenizer and its text parser. Sampling and mutation work on tokens, which is
/// exact because every position-valid sequence is a valid architecture, and changing one token of a canonical
/// sequence always changes the architecture.
/// </summary>
public sealed class SearchSpace : ISearchSpace
{
    private readonly Func<string, Genotype> _parse;

    /// <summary>Creates a space.</summary>
    public SearchSpace(string name, string description, BigInteger size, IReadOnlyList<string> operations,
                       ITokenizer tokenizer, Func<string, Genotype> parse)
    {
        Name = name;
        Description = description;
        Size = size;
        Operations = operations;
        Tokenizer = tokenizer;
        _parse = parse;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public BigInteger Size { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Operations { get; }

    /// <inheritdoc />
    public ITokenizer Tokenizer { get; }

    /// <inheritdoc />
    public Genotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) throw new ArchitectureFormatException($"The architecture string is empty; expected an architecture of the '{Name}' space.");
        var genotype = _parse(text);
        Validate(genotype);
        return genotype;
    }

    /// <inheritdoc />
    public void Validate(Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        // Tokenize checks type, node count and operations; detokenize checks every position.
        Tokenizer.Detokenize(Tokenizer.Tokenize(genotype));
    }

    /// <inheritdoc />
    public Genotype Sample(Random random)
    {
        var tokens = new int[Tokenizer.Length];
        for (var p = 0; p < tokens.Length; p++)
        {
            var valid = Tokenizer.ValidTokens(p);
            tokens[p] = valid[random.Next(valid.Count)];
        }
        return Tokenizer.Detokenize(tokens);
    }

    /// <inheritdoc />
    public Genotype Mutate(Genotype genotype, Random random)
    {
        var tokens = Tokenizer.Tokenize(genotype);
        var mutable = Enumerable.Range(0, tokens.Length).Where(p => Tokenizer.ValidTokens(p).Count > 1).ToArray();
        if (mutable.Length == 0) throw new InvalidOperationException($"The '{Name}' space has a single architecture; nothing to mutate.");
        var position = mutable[random.Next(mutable.Length)];
        var choices = Tokenizer.ValidTokens(position).Where(t => t != tokens[position]).ToArray();
        tokens[position] = choices[random.Next(choices.Length)];
        return Tokenizer.Detokenize(tokens);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
