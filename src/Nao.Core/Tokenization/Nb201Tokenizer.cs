using Nao.Genotypes;

namespace Nao.Tokenization;

/// <summary>Tokens of NAS-Bench-201: one per edge, in benchmark order. Ids: 0 start; 1..5 the operations.</summary>
public sealed class Nb201Tokenizer : ITokenizer
{
    private static readonly int[] OperationTokens = [1, 2, 3, 4, 5];

    /// <inheritdoc />
    public int Length => Nb201Genotype.EdgeCount;

    /// <inheritdoc />
    public int VocabularySize => 1 + OperationTokens.Length;

    /// <inheritdoc />
    public IReadOnlyList<int> ValidTokens(int position) => OperationTokens;

    /// <inheritdoc />
    public int[] Tokenize(Genotype genotype) => genotype is Nb201Genotype cell
        ? [.. cell.Edges.Select(op => 1 + (int)op)]
        : throw new ArchitectureFormatException($"Expected a NAS-Bench-201 architecture, got a {genotype.GetType().Name}.");

    /// <inheritdoc />
    public Genotype Detokenize(IReadOnlyList<int> tokens)
    {
        this.CheckSequence(tokens);
        return new Nb201Genotype(tokens.Select(t => (Nb201Operation)(t - 1)));
    }

    /// <inheritdoc />
    public int[] Augment(IReadOnlyList<int> tokens, Random random) => [.. tokens];

    /// <inheritdoc />
    public string TokenName(int token) =>
        token == ITokenizer.StartToken ? "<start>" : token is >= 1 and <= 5 ? ((Nb201Operation)(token - 1)).Name() : "<out of range>";
}
