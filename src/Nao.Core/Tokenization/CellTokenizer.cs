using Nao.Genotypes;

namespace Nao.Tokenization;

/// <summary>
/// Tokens of a two-cell convolutional space: per branch <c>[input, op]</c>, 4 tokens per node, normal cell first
/// (B=5: 20 tokens per cell, 40 in all). Ids: 0 start; 1..B+2 the inputs 0..B+1; then the space's operations.
/// </summary>
public sealed class CellTokenizer : ITokenizer
{
    private readonly IReadOnlyList<CellOperation> _operations;
    private readonly int[][] _valid;

    /// <summary>Creates the tokenizer for cells of <paramref name="nodes"/> nodes over the given operations.</summary>
    public CellTokenizer(int nodes, IReadOnlyList<CellOperation> operations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        if (operations.Count == 0) throw new ArgumentException("A cell space needs at least one operation.", nameof(operations));
        Nodes = nodes;
        _operations = operations;
        var opTokens = Enumerable.Range(FirstOperationToken, operations.Count).ToArray();
        _valid = new int[Length][];
        for (var p = 0; p < Length; p++)
        {
            var node = p % (4 * nodes) / 4;
            _valid[p] = p % 2 == 0 ? Enumerable.Range(1, node + 2).ToArray() : opTokens;
        }
    }

    /// <summary>The number of nodes per cell (B).</summary>
    public int Nodes { get; }

    /// <summary>The space's operations, in token order.</summary>
    public IReadOnlyList<CellOperation> Operations => _operations;

    /// <inheritdoc />
    public int Length => 2 * 4 * Nodes;

    /// <inheritdoc />
    public int VocabularySize => FirstOperationToken + _operations.Count;

    private int FirstOperationToken => 1 + Nodes + 2;

    /// <inheritdoc />
    public IReadOnlyList<int> ValidTokens(int position) => _valid[position];

    /// <inheritdoc />
    public int[] Tokenize(Genotype genotype)
    {
        if (genotype is not ConvGenotype conv)
        {
            throw new ArchitectureFormatException($"Expected a convolutional (two-cell) architecture, got a {genotype.GetType().Name}.");
        }
        var tokens = new List<int>(Length);
        foreach (var (cell, label) in new[] { (conv.Normal, "normal"), (conv.Reduction, "reduction") })
        {
            if (cell.Nodes.Length != Nodes)
            {
                throw new ArchitectureFormatException($"The {label} cell has {cell.Nodes.Length} nodes; this space has {Nodes}.");
            }
            foreach (var node in cell.Nodes)
            {
                foreach (var branch in new[] { node.First, node.Second })
                {
                    var op = IndexOf(branch.Operation, label);
                    tokens.Add(1 + branch.Input);
                    tokens.Add(FirstOperationToken + op);
                }
            }
        }
        return [.. tokens];
    }

    /// <inheritdoc />
    public Genotype Detokenize(IReadOnlyList<int> tokens)
    {
        this.CheckSequence(tokens);
        var cells = new Cell[2];
        for (var c = 0; c < 2; c++)
        {
            var nodes = new CellNode[Nodes];
            for (var k = 0; k < Nodes; k++)
            {
                var p = c * 4 * Nodes + 4 * k;
                nodes[k] = new CellNode(Branch(tokens[p], tokens[p + 1]), Branch(tokens[p + 2], tokens[p + 3]));
            }
            cells[c] = new Cell(nodes);
        }
        return new ConvGenotype(cells[0], cells[1]);
    }

    /// <inheritdoc />
    public int[] Augment(IReadOnlyList<int> tokens, Random random)
    {
        var result = tokens.ToArray();
        for (var c = 0; c < 2; c++)
        {
            var p = c * 4 * Nodes + 4 * random.Next(Nodes);
            (result[p], result[p + 1], result[p + 2], result[p + 3]) = (result[p + 2], result[p + 3], result[p], result[p + 1]);
        }
        return result;
    }

    /// <inheritdoc />
    public string TokenName(int token) => token switch
    {
        ITokenizer.StartToken => "<start>",
        _ when token < FirstOperationToken => $"input {token - 1}",
        _ when token < VocabularySize => _operations[token - FirstOperationToken].Name(),
        _ => "<out of range>",
    };

    private CellBranch Branch(int inputToken, int opToken) => new(inputToken - 1, _operations[opToken - FirstOperationToken]);

    private int IndexOf(CellOperation operation, string cell)
    {
        for (var i = 0; i < _operations.Count; i++)
        {
            if (_operations[i] == operation) return i;
        }
        throw new ArchitectureFormatException(
            $"The {cell} cell uses '{operation.Name()}', which is not an operation of this space. Valid operations: {string.Join(", ", _operations.Select(o => o.Name()))}.");
    }
}
