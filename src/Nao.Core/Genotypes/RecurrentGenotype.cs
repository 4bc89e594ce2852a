using System.Collections.Immutable;

namespace Nao.Genotypes;

/// <summary>
/// A recurrent cell of the ENAS/NAO family (DESIGN.md section 2). Node 0 mixes x_t and h_{t-1}; searched node i
/// (1-based) reads one earlier node and applies an activation in a highway update. The cell output is the mean of
/// the searched nodes. Text form: <c>0:relu 0:relu 1:relu …</c>, one <c>predecessor:activation</c> per searched node.
/// </summary>
public sealed class RecurrentGenotype : Genotype
{
    /// <summary>Creates the genotype; node i (1-based) may read nodes 0..i-1.</summary>
    /// <exception cref="ArchitectureFormatException">A node reads a node that is not earlier.</exception>
    public RecurrentGenotype(IEnumerable<RecurrentNode> nodes)
    {
        Nodes = [.. nodes];
        if (Nodes.Length == 0) throw new ArchitectureFormatException("A recurrent cell needs at least one searched node.");
        for (var i = 0; i < Nodes.Length; i++)
        {
            var predecessor = Nodes[i].Predecessor;
            if (predecessor < 0 || predecessor > i)
            {
                throw new ArchitectureFormatException(
                    $"Node {i + 1} reads node {predecessor}, but it may only read nodes 0..{i} (0 mixes the input and the previous hidden state).");
            }
        }
        Canonical = string.Join(' ', Nodes);
    }

    /// <summary>The searched nodes 1..B-1, in order (index 0 here is node 1).</summary>
    public ImmutableArray<RecurrentNode> Nodes { get; }

    /// <inheritdoc />
    public override string Canonical { get; }

    /// <summary>Parses <c>pred:act pred:act …</c> (commas are accepted as separators too).</summary>
    /// <exception cref="ArchitectureFormatException">The text is not a recurrent genotype.</exception>
    public static RecurrentGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            throw new ArchitectureFormatException("The recurrent architecture is empty. Write one predecessor:activation per node, for example '0:relu 0:relu 1:tanh …'.");
        }
        var nodes = new List<RecurrentNode>();
        for (var i = 0; i < items.Length; i++)
        {
            var pair = items[i].Split(':');
            if (pair.Length != 2 || !int.TryParse(pair[0], out var predecessor))
            {
                throw new ArchitectureFormatException(
                    $"Node {i + 1}: '{items[i]}' is not predecessor:activation (for example '0:relu').");
            }
            if (!RecurrentActivationNames.TryParse(pair[1], out var activation))
            {
                var valid = string.Join(", ", Enum.GetValues<RecurrentActivation>().Select(a => a.Name()));
                throw new ArchitectureFormatException($"Node {i + 1}: unknown activation '{pair[1]}'. Valid activations: {valid}.");
            }
            nodes.Add(new RecurrentNode(predecessor, activation));
        }
        return new RecurrentGenotype(nodes);
    }
}
