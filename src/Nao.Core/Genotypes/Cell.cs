using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Nao.Genotypes;

/// <summary>
/// A convolutional cell: B nodes, each the sum of two branches. Inputs 0 and 1 are the outputs of the two previous
/// cells; node k (0-based) is addressed as input k+2 by later nodes. The cell's output concatenates its
/// "loose ends": the nodes no other node reads.
/// </summary>
public sealed partial class Cell : IEquatable<Cell>
{
    /// <summary>Creates a cell; each node's branches are put in canonical order.</summary>
    /// <exception cref="ArchitectureFormatException">A node reads an input that does not exist yet.</exception>
    public Cell(IEnumerable<CellNode> nodes)
    {
        Nodes = [.. nodes];
        if (Nodes.Length == 0) throw new ArchitectureFormatException("A cell needs at least one node.");
        for (var k = 0; k < Nodes.Length; k++)
        {
            foreach (var branch in new[] { Nodes[k].First, Nodes[k].Second })
            {
                if (branch.Input < 0 || branch.Input > k + 1)
                {
                    throw new ArchitectureFormatException(
                        $"Node {k + 2} reads input {branch.Input}, but it may only read 0..{k + 1} " +
                        "(0 and 1 are the cell inputs, 2.. the earlier nodes).");
                }
            }
        }
        Canonical = string.Join(' ', Nodes);
        LooseEnds = [.. Enumerable.Range(0, Nodes.Length).Where(k => !IsUsed(k + 2)).Select(k => k + 2)];
    }

    /// <summary>The nodes in order; node k is input k+2 of later nodes.</summary>
    public ImmutableArray<CellNode> Nodes { get; }

    /// <summary>The input indices (2..B+1) of nodes that no other node reads; they form the cell output.</summary>
    public ImmutableArray<int> LooseEnds { get; }

    /// <summary>Canonical text: nodes as <c>(in,op)+(in,op)</c> separated by spaces.</summary>
    public string Canonical { get; }

    /// <summary>Every operation used by the cell.</summary>
    public IEnumerable<CellOperation> Operations => Nodes.SelectMany(n => new[] { n.First.Operation, n.Second.Operation });

    /// <summary>Parses the canonical text (whitespace and separators such as commas between nodes are tolerated).</summary>
    /// <exception cref="ArchitectureFormatException">The text is not a cell.</exception>
    public static Cell Parse(string text)
    {
        var nodes = new List<CellNode>();
        var rest = text.Trim();
        var position = 0;
        foreach (Match match in NodePattern().Matches(rest))
        {
            CheckGap(rest, position, match.Index);
            nodes.Add(new CellNode(ParseBranch(match.Groups["a"].Value, match.Groups["aop"].Value, nodes.Count),
                                   ParseBranch(match.Groups["b"].Value, match.Groups["bop"].Value, nodes.Count)));
            position = match.Index + match.Length;
        }
        CheckGap(rest, position, rest.Length);
        if (nodes.Count == 0)
        {
            throw new ArchitectureFormatException(
                $"'{text.Trim()}' holds no cell node. Write each node as (input,op)+(input,op), for example (0,conv3x3)+(1,avg5x5).");
        }
        return new Cell(nodes);
    }

    /// <summary>Whether some node reads the given input index.</summary>
    public bool IsUsed(int input) => Nodes.Any(n => n.First.Input == input || n.Second.Input == input);

    /// <inheritdoc />
    public bool Equals(Cell? other) => other is not null && other.Canonical == Canonical;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Cell);

    /// <inheritdoc />
    public override int GetHashCode() => Canonical.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Canonical;

    private static CellBranch ParseBranch(string input, string op, int nodeIndex)
    {
        if (!int.TryParse(input, out var index))
        {
            throw new ArchitectureFormatException($"Node {nodeIndex + 2}: input '{input}' is not a number.");
        }
        if (!CellOperationNames.TryParse(op, out var operation))
        {
            var valid = string.Join(", ", Enum.GetValues<CellOperation>().Select(o => o.Name()));
            throw new ArchitectureFormatException($"Node {nodeIndex + 2}: unknown operation '{op}'. Valid operations: {valid}.");
        }
        return new CellBranch(index, operation);
    }

    private static void CheckGap(string text, int from, int to)
    {
        var gap = text[from..to].Trim().Trim(',', ';', '|').Trim();
        if (gap.Length > 0)
        {
            throw new ArchitectureFormatException(
                $"Unexpected text '{gap}' in cell '{text}'. Write each node as (input,op)+(input,op), separated by spaces.");
        }
    }

    [GeneratedRegex(@"\(\s*(?<a>-?\w+)\s*,\s*(?<aop>[\w+]+)\s*\)\s*\+\s*\(\s*(?<b>-?\w+)\s*,\s*(?<bop>[\w+]+)\s*\)")]
    private static partial Regex NodePattern();
}
