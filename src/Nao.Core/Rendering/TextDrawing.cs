using System.Text;
using Nao.Genotypes;

namespace Nao.Rendering;

/// <summary>A readable terminal drawing of an architecture: one line per node, with its inputs and operations.</summary>
public static class TextDrawing
{
    /// <summary>Draws every cell of the architecture.</summary>
    public static string Draw(Genotype genotype)
    {
        var text = new StringBuilder();
        foreach (var graph in CellGraph.From(genotype))
        {
            text.AppendLine(graph.Title);
            var names = graph.Nodes.ToDictionary(n => n.Id, n => n.Label);
            var width = graph.Nodes.Max(n => n.Label.Length);
            foreach (var node in graph.Nodes.Where(n => n.Kind != GraphNodeKind.Input))
            {
                var incoming = graph.Edges.Where(e => e.To == node.Id).ToList();
                string body;
                if (node.Formula is not null)
                {
                    body = node.Formula;
                }
                else if (node.Kind == GraphNodeKind.Output)
                {
                    var terms = incoming.Select(e => e.Label.Length == 0 ? names[e.From] : $"{e.Label}({names[e.From]})");
                    body = $"{OutputVerb(genotype)}({string.Join(", ", terms)})";
                }
                else if (incoming.Count == 0)
                {
                    body = "zero (no incoming edge)";
                }
                else
                {
                    body = string.Join("  +  ", incoming.Select(e => $"{e.Label}({names[e.From]})"));
                }
                var label = node.Kind == GraphNodeKind.Output ? "output" : node.Label;
                text.Append("  ").Append(label.PadRight(Math.Max(width, 6))).Append(" ← ").AppendLine(body);
            }
            text.AppendLine();
        }
        return text.ToString().TrimEnd() + Environment.NewLine;
    }

    private static string OutputVerb(Genotype genotype) => genotype switch
    {
        ConvGenotype => "concat",
        RecurrentGenotype => "mean",
        _ => "sum",
    };
}
