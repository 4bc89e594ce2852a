using System.Collections.Immutable;
using System.Text;

namespace Nao.Genotypes;

/// <summary>
/// A NAS-Bench-201 cell: 4 nodes, 6 edges (1←0, 2←0, 2←1, 3←0, 3←1, 3←2), one of 5 operations per edge.
/// Text form is the benchmark's own: <c>|op~0|+|op~0|op~1|+|op~0|op~1|op~2|</c>.
/// </summary>
public sealed class Nb201Genotype : Genotype
{
    /// <summary>The number of edges.</summary>
    public const int EdgeCount = 6;

    /// <summary>Creates the genotype from the 6 edge operations in benchmark order.</summary>
    public Nb201Genotype(IEnumerable<Nb201Operation> edges)
    {
        Edges = [.. edges];
        if (Edges.Length != EdgeCount)
        {
            throw new ArchitectureFormatException($"A NAS-Bench-201 cell has {EdgeCount} edges; got {Edges.Length}.");
        }
        var text = new StringBuilder();
        var edge = 0;
        for (var node = 1; node <= 3; node++)
        {
            if (node > 1) text.Append('+');
            text.Append('|');
            for (var from = 0; from < node; from++) text.Append(Edges[edge++].Name()).Append('~').Append(from).Append('|');
        }
        Canonical = text.ToString();
    }

    /// <summary>The edge operations in benchmark order: 1←0, 2←0, 2←1, 3←0, 3←1, 3←2.</summary>
    public ImmutableArray<Nb201Operation> Edges { get; }

    /// <inheritdoc />
    public override string Canonical { get; }

    /// <summary>Parses the benchmark's string form.</summary>
    /// <exception cref="ArchitectureFormatException">The text is not a NAS-Bench-201 cell.</exception>
    public static Nb201Genotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string example = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
        var nodes = text.Trim().Split('+');
        if (nodes.Length != 3)
        {
            throw new ArchitectureFormatException(
                $"A NAS-Bench-201 cell has 3 nodes separated by '+'; got {nodes.Length} in '{text.Trim()}'. Example: {example}");
        }
        var edges = new List<Nb201Operation>();
        for (var node = 1; node <= 3; node++)
        {
            var part = nodes[node - 1].Trim();
            if (!part.StartsWith('|') || !part.EndsWith('|') || part.Length < 2)
            {
                throw new ArchitectureFormatException($"Node {node} '{part}' must be written |op~i|…|. Example: {example}");
            }
            var items = part[1..^1].Split('|');
            if (items.Length != node)
            {
                throw new ArchitectureFormatException($"Node {node} needs {node} incoming edge(s); got {items.Length} in '{part}'.");
            }
            for (var from = 0; from < node; from++)
            {
                var pair = items[from].Split('~');
                if (pair.Length != 2 || !int.TryParse(pair[1], out var source) || source != from)
                {
                    throw new ArchitectureFormatException($"Node {node}, edge {from + 1}: '{items[from]}' must be op~{from}.");
                }
                if (!Nb201OperationNames.TryParse(pair[0], out var op))
                {
                    throw new ArchitectureFormatException(
                        $"Node {node}: unknown operation '{pair[0]}'. Valid operations: {string.Join(", ", Nb201OperationNames.All)}.");
                }
                edges.Add(op);
            }
        }
        return new Nb201Genotype(edges);
    }
}
