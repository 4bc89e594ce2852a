using Nao.Genotypes;

namespace Nao.Tokenization;

/// <summary>
/// Tokens of a recurrent cell space: per searched node <c>[predecessor, activation]</c> (11 nodes: 22 tokens).
/// Ids: 0 start; 1..N the predecessors 0..N-1; then the 4 activations.
/// </summary>
public sealed class RecurrentTokenizer : ITokenizer
{
    private static readonly RecurrentActivation[] Activations = Enum.GetValues<RecurrentActivation>();
    private readonly int[][] _valid;

    /// <summary>Creates the tokenizer for <paramref name="searchedNodes"/> searched nodes.</summary>
    public RecurrentTokenizer(int searchedNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchedNodes, 1);
        SearchedNodes = searchedNodes;
        var activationTokens = Enumerable.Range(FirstActivationToken, Activations.Length).ToArray();
        _valid = new int[Length][];
        for (var p = 0; p < Length; p++)
        {
            _valid[p] = p % 2 == 0 ? Enumerable.Range(1, p / 2 + 1).ToArray() : activationTokens;
        }
    }

    /// <summary>The number of searched nodes (B-1).</summary>
    public int SearchedNodes { get; }

    /// <inheritdoc />
    public int Length => 2 * SearchedNodes;

    /// <inheritdoc />
    public int VocabularySize => FirstActivationToken + Activations.Length;

    private int FirstActivationToken => 1 + SearchedNodes;

    /// <inheritdoc />
    public IReadOnlyList<int> ValidTokens(int position) => _valid[position];

    /// <inheritdoc />
    public int[] Tokenize(Genotype genotype)
    {
        if (genotype is not RecurrentGenotype rnn)
        {
            throw new ArchitectureFormatException($"Expected a recurrent architecture, got a {genotype.GetType().Name}.");
        }
        if (rnn.Nodes.Length != SearchedNodes)
        {
            throw new ArchitectureFormatException($"The recurrent cell has {rnn.Nodes.Length} searched nodes; this space has {SearchedNodes}.");
        }
        return [.. rnn.Nodes.SelectMany(n => new[] { 1 + n.Predecessor, FirstActivationToken + (int)n.Activation })];
    }

    /// <inheritdoc />
    public Genotype Detokenize(IReadOnlyList<int> tokens)
    {
        this.CheckSequence(tokens);
        return new RecurrentGenotype(Enumerable.Range(0, SearchedNodes)
            .Select(i => new RecurrentNode(tokens[2 * i] - 1, Activations[tokens[2 * i + 1] - FirstActivationToken])));
    }

    /// <inheritdoc />
    public int[] Augment(IReadOnlyList<int> tokens, Random random) => [.. tokens];

    /// <inheritdoc />
    public string TokenName(int token) => token switch
    {
        ITokenizer.StartToken => "<start>",
        _ when token < FirstActivationToken => $"node {token - 1}",
        _ when token < VocabularySize => Activations[token - FirstActivationToken].Name(),
        _ => "<out of range>",
    };
}
