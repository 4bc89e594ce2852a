using Nao.Genotypes;

namespace Nao.Rendering;

/// <summary>A vertex of a drawn cell: an input, an intermediate node, or the output.</summary>
/// <param name="Id">Unique within the graph.</param>
/// <param name="Label">The text in the box.</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Formula">How the node combines its inputs, when the edge labels alone do not say it.</param>
public sealed record GraphNode(string Id, string Label, GraphNodeKind Kind, string? Formula = null);

/// <summary>How a vertex is drawn.</summary>
public enum GraphNodeKind
{
    /// <summary>A cell input.</summary>
    Input,
    /// <summary>An intermediate node.</summary>
    Node,
    /// <summary>The cell output.</summary>
    Output,
}

/// <summary>A labelled edge of a drawn cell (the label is the operation, or empty).</summary>
public sealed record GraphEdge(string From, string To, string Label);

/// <summary>
/// One cell of an architecture as a directed acyclic graph, for drawing: its title, vertices in topological
/// order, and edges. Built from any genotype by <see cref="From"/>.
/// </summary>
public sealed record CellGraph(string Title, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    /// <summary>The cells of an architecture: normal and reduction, the recurrent cell, or the NB201 cell.</summary>
    /// <summary>Whether <see cref="From"/> can draw the architecture (those of the built-in spaces).</summary>
    public static bool CanDraw(Genotype genotype) => genotype is ConvGenotype or RecurrentGenotype or Nb201Genotype;

    /// <summary>The graphs of an architecture of a built-in space.</summary>
    /// <exception cref="ArgumentException">A genotype of another kind (a space file's); see <see cref="CanDraw"/>.</exception>
    public static IReadOnlyList<CellGraph> From(Genotype genotype) => genotype switch
    {
        ConvGenotype conv => [FromCell("normal cell", conv.Normal), FromCell("reduction cell", conv.Reduction)],
        RecurrentGenotype rnn => [FromRecurrent(rnn)],
        Nb201Genotype nb201 => [FromNb201(nb201)],
        _ => throw new ArgumentException($"No drawing for {genotype.GetType().Name}."),
    };

    /// <summary>The display name of a conv cell input index: h[-2], h[-1], or node k.</summary>
    public static string ConvInputName(int input) => input switch { 0 => "h[-2]", 1 => "h[-1]", _ => $"node {input}" };

    private static CellGraph FromCell(string title, Cell cell)
    {
        var nodes = new List<GraphNode> { new("0", "h[-2]", GraphNodeKind.Input), new("1", "h[-1]", GraphNodeKind.Input) };
        var edges = new List<GraphEdge>();
        for (var k = 0; k < cell.Nodes.Length; k++)
        {
            var id = (k + 2).ToString();
            nodes.Add(new GraphNode(id, $"node {k + 2}", GraphNodeKind.Node));
            foreach (var branch in new[] { cell.Nodes[k].First, cell.Nodes[k].Second })
            {
                edges.Add(new GraphEdge(branch.Input.ToString(), id, branch.Operation.Name()));
            }
        }
        nodes.Add(new GraphNode("out", "concat", GraphNodeKind.Output));
        edges.AddRange(cell.LooseEnds.Select(e => new GraphEdge(e.ToString(), "out", "")));
        return new CellGraph(title, nodes, edges);
    }

    private static CellGraph FromRecurrent(RecurrentGenotype rnn)
    {
        var nodes = new List<GraphNode>
        {
            new("x", "x_t", GraphNodeKind.Input), new("h", "h_{t-1}", GraphNodeKind.Input), new("0", "node 0", GraphNodeKind.Node, "tanh(W0·[x_t, h_{t-1}])"),
        };
        var edges = new List<GraphEdge> { new("x", "0", ""), new("h", "0", "") };
        for (var i = 0; i < rnn.Nodes.Length; i++)
        {
            nodes.Add(new GraphNode((i + 1).ToString(), $"node {i + 1}", GraphNodeKind.Node));
            edges.Add(new GraphEdge(rnn.Nodes[i].Predecessor.ToString(), (i + 1).ToString(), rnn.Nodes[i].Activation.Name()));
        }
        nodes.Add(new GraphNode("out", "h_t = mean", GraphNodeKind.Output));
        edges.AddRange(Enumerable.Range(1, rnn.Nodes.Length).Select(i => new GraphEdge(i.ToString(), "out", "")));
        return new CellGraph("recurrent cell", nodes, edges);
    }

    private static CellGraph FromNb201(Nb201Genotype cell)
    {
        var nodes = Enumerable.Range(0, 4)
            .Select(i => new GraphNode(i.ToString(), i == 0 ? "in" : i == 3 ? "out" : $"node {i}",
                i == 0 ? GraphNodeKind.Input : i == 3 ? GraphNodeKind.Output : GraphNodeKind.Node))
            .ToList();
        var edges = new List<GraphEdge>();
        var edge = 0;
        for (var to = 1; to <= 3; to++)
        {
            for (var from = 0; from < to; from++, edge++)
            {
                // A 'none' edge is absent: drawing it would suggest a connection that carries nothing.
                if (cell.Edges[edge] != Nb201Operation.None) edges.Add(new GraphEdge(from.ToString(), to.ToString(), cell.Edges[edge].Name()));
            }
        }
        return new CellGraph("cell", nodes, edges);
    }
}
