using System.Text;
using Nao.Genotypes;
using Nao.SearchSpaces.Files;

namespace Nao.Rendering;

/// <summary>A readable terminal drawing of an architecture: one line per node, with its inputs and operations.</summary>
public static class TextDrawing
{
    /// <summary>Draws every cell of the architecture.</summary>
    public static string Draw(Genotype genotype)
    {
        var text = new StringBuilder();
        if (genotype is DecisionGenotype decisions)
        {
            // A space file's architecture: its display lines (one per cell, layer, …), as the file writes them.
            foreach (var line in decisions.Display) text.Append("  ").AppendLine(line);
            return text.ToString();
        }
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
