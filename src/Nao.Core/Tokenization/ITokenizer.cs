using Nao.Genotypes;

namespace Nao.Tokenization;

/// <summary>
/// Maps the architectures of one search space to fixed-length token sequences and back (DESIGN.md section 2).
/// Token 0 is the decoder's start token and never appears in a sequence. Every sequence whose tokens are valid at
/// their positions (<see cref="ValidTokens"/>) detokenizes to a valid architecture, so a decoder that masks
/// invalid logits can only emit valid architectures.
/// </summary>
public interface ITokenizer
{
    /// <summary>The start token of the decoder; never valid inside a sequence.</summary>
    const int StartToken = 0;

    /// <summary>The number of tokens in every sequence (T).</summary>
    int Length { get; }

    /// <summary>The number of token ids, the start token included.</summary>
    int VocabularySize { get; }

    /// <summary>The tokens allowed at a position (the paper's V_r), in increasing order.</summary>
    IReadOnlyList<int> ValidTokens(int position);

    /// <summary>The token sequence of an architecture, in canonical order.</summary>
    /// <exception cref="ArchitectureFormatException">The architecture does not belong to this space.</exception>
    int[] Tokenize(Genotype genotype);

    /// <summary>The architecture of a token sequence.</summary>
    /// <exception cref="ArchitectureFormatException">Wrong length, or a token invalid at its position (the message names both).</exception>
    Genotype Detokenize(IReadOnlyList<int> tokens);

    /// <summary>
    /// A randomly chosen equivalent sequence, for data augmentation: in cell spaces the two branches of one random
    /// node per cell are swapped. Spaces without such symmetry return a copy.
    /// </summary>
    int[] Augment(IReadOnlyList<int> tokens, Random random);

    /// <summary>A readable name of a token, for messages.</summary>
    string TokenName(int token);
}
