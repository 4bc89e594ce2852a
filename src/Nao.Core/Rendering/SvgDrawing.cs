using System.Globalization;
using System.Security;
using System.Text;
using Nao.Genotypes;

namespace Nao.Rendering;

/// <summary>
/// A picture of an architecture as SVG. Each cell is a layered graph: vertices sit in columns by depth (longest
/// path from an input), and every operation is drawn as its own small box just before the node it feeds, so
/// labels never pile up where many edges leave the same input.
/// </summary>
public static class SvgDrawing
{
    private const int NodeWidth = 92, NodeHeight = 30, OpWidth = 92, OpHeight = 22, OpPitch = 28;
    private const int ColumnGap = 34, NodePitch = 78, Margin = 24, TitleHeight = 30;

    /// <summary>Renders every cell of the architecture, stacked vertically, with an optional caption.</summary>
    public static string Render(Genotype genotype, string? caption = null)
    {
        var panels = CellGraph.From(genotype).Select(Layout).ToList();
        var width = panels.Max(p => p.Width) + 2 * Margin;
        var height = panels.Sum(p => p.Height + TitleHeight) + 2 * Margin + (caption is null ? 0 : 24);
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">"));
        svg.AppendLine("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        svg.AppendLine(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        var y = Margin;
        if (caption is not null)
        {
            svg.AppendLine(Invariant($"<text x=\"{Margin}\" y=\"{y + 12}\" font-size=\"13\">{Escape(caption)}</text>"));
            y += 24;
        }
        foreach (var panel in panels)
        {
            svg.AppendLine(Invariant($"<text x=\"{Margin}\" y=\"{y + 18}\" font-size=\"15\" font-weight=\"bold\">{Escape(panel.Title)}</text>"));
            y += TitleHeight;
            foreach (var (from, to) in panel.Lines)
            {
                svg.AppendLine(Invariant($"<line x1=\"{Margin + from.Right}\" y1=\"{y + from.MiddleY}\" x2=\"{Margin + to.X}\" y2=\"{y + to.MiddleY}\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"));
            }
            foreach (var box in panel.Boxes)
            {
                svg.AppendLine(Invariant($"<rect x=\"{Margin + box.X}\" y=\"{y + box.Y}\" width=\"{box.Width}\" height=\"{box.Height}\" rx=\"{(box.IsOperation ? 3 : 7)}\" fill=\"{box.Fill}\" stroke=\"#333\" stroke-width=\"{(box.IsOperation ? 0.8 : 1.2)}\"/>"));
                svg.AppendLine(Invariant($"<text x=\"{Margin + box.X + box.Width / 2}\" y=\"{y + box.MiddleY + 4}\" text-anchor=\"middle\" font-size=\"{(box.IsOperation ? 11 : 12)}\">{Escape(box.Label)}</text>"));
            }
            y += panel.Height;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static Panel Layout(CellGraph graph)
    {
        var depth = new Dictionary<string, int>();
        foreach (var node in graph.Nodes)
        {
            var incoming = graph.Edges.Where(e => e.To == node.Id).Select(e => depth[e.From]).ToList();
            depth[node.Id] = node.Kind == GraphNodeKind.Input ? 0 : incoming.Count == 0 ? 1 : incoming.Max() + 1;
        }
        // Vertices in even columns (2·depth); operation boxes in the odd column just before their target.
        var columns = graph.Nodes.GroupBy(n => depth[n.Id]).ToDictionary(g => g.Key, g => g.ToList());
        var rows = columns.Values.Max(c => c.Count);
        var height = rows * NodePitch;
        var boxes = new Dictionary<string, Box>();
        foreach (var (d, items) in columns)
        {
            var top = (height - items.Count * NodePitch) / 2 + (NodePitch - NodeHeight) / 2;
            for (var i = 0; i < items.Count; i++)
            {
                var fill = items[i].Kind switch { GraphNodeKind.Input => "#e8f0fe", GraphNodeKind.Output => "#fdebd0", _ => "#eeeeee" };
                boxes[items[i].Id] = new Box(ColumnX(2 * d), top + i * NodePitch, NodeWidth, NodeHeight, items[i].Label, fill, false);
            }
        }
        var lines = new List<(Box, Box)>();
        var operations = new List<Box>();
        foreach (var target in graph.Nodes)
        {
            var incoming = graph.Edges.Where(e => e.To == target.Id).ToList();
            var labelled = incoming.Where(e => e.Label.Length > 0).ToList();
            var to = boxes[target.Id];
            for (var i = 0; i < labelled.Count; i++)
            {
                var centre = to.MiddleY + (i - (labelled.Count - 1) / 2.0) * OpPitch;
                var op = new Box(ColumnX(2 * depth[target.Id] - 1), centre - OpHeight / 2.0, OpWidth, OpHeight, labelled[i].Label, "#ffffff", true);
                operations.Add(op);
                lines.Add((boxes[labelled[i].From], op));
                lines.Add((op, to));
            }
            lines.AddRange(incoming.Where(e => e.Label.Length == 0).Select(e => (boxes[e.From], to)));
        }
        var width = (int)boxes.Values.Concat(operations).Max(b => b.Right);
        var extraTop = Math.Max(0, -operations.Select(o => o.Y).DefaultIfEmpty(0).Min());
        var shifted = extraTop == 0 ? null : (Func<Box, Box>)(b => b with { Y = b.Y + extraTop });
        var allBoxes = boxes.Values.Concat(operations).ToList();
        if (shifted is not null)
        {
            allBoxes = allBoxes.Select(shifted).ToList();
            lines = lines.Select(l => (shifted(l.Item1), shifted(l.Item2))).ToList();
        }
        var bottom = allBoxes.Max(b => b.Y + b.Height);
        return new Panel(graph.Title, allBoxes, lines, width, (int)Math.Ceiling(Math.Max(height + extraTop, bottom)) + 8);
    }

    private static int ColumnX(int column) => (column + 1) / 2 * (NodeWidth + OpWidth + 2 * ColumnGap) + (column % 2 == 1 ? -(OpWidth + ColumnGap) : 0);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Box(double X, double Y, double Width, double Height, string Label, string Fill, bool IsOperation)
    {
        public double Right => X + Width;

        public double MiddleY => Y + Height / 2;
    }

    private sealed record Panel(string Title, List<Box> Boxes, List<(Box From, Box To)> Lines, int Width, int Height);
}
