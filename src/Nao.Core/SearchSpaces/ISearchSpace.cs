using System.Numerics;
using Nao.Tokenization;
using Nao.Genotypes;

namespace Nao.SearchSpaces;

/// <summary>
/// A set of architectures with the verbs a search needs: sample, mutate, validate, parse, and a tokenizer.
/// Implementations hold no mutable state; randomness always comes from the caller's <see cref="Random"/>.
/// </summary>
public interface ISearchSpace
{
    /// <summary>The registry name, e.g. <c>nasnet</c>.</summary>
    string Name { get; }

    /// <summary>One line on what a point of the space is.</summary>
    string Description { get; }

    /// <summary>The number of distinct architectures (canonical forms, so branch order does not count twice).</summary>
    BigInteger Size { get; }

    /// <summary>The names of the operations (or activations) a decision picks from.</summary>
    IReadOnlyList<string> Operations { get; }

    /// <summary>The token encoding of the space.</summary>
    ITokenizer Tokenizer { get; }

    /// <summary>Parses and validates an architecture string of this space.</summary>
    /// <exception cref="ArchitectureFormatException">Malformed, or not in this space.</exception>
    Genotype Parse(string text);

    /// <summary>Checks that an architecture belongs to this space.</summary>
    /// <exception cref="ArchitectureFormatException">It does not; the message says why.</exception>
    void Validate(Genotype genotype);

    /// <summary>A random architecture: every decision drawn uniformly among its valid choices.</summary>
    Genotype Sample(Random random);

    /// <summary>A copy with exactly one decision changed to another valid choice; never equal to the input.</summary>
    Genotype Mutate(Genotype genotype, Random random);
}
