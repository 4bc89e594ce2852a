using System.Globalization;
using System.Security;
using System.Text;
using Nao.Genotypes;

namespace Nao.Rendering;

/// <summary>
/// A picture of an architecture as SVG: each cell laid out by <see cref="CellLayout"/> (vertices in columns by depth,
/// every operation in its own box just before the node it feeds, edges routed around boxes, never behind them).
/// Boxes are <c>rect</c> elements of class <c>vertex</c> or <c>op</c>, edges <c>path</c> elements of class <c>edge</c>.
/// </summary>
public static class SvgDrawing
{
    private const int Margin = 24, TitleHeight = 30;

    /// <summary>Renders every cell of the architecture, stacked vertically, with an optional caption.</summary>
    public static string Render(Genotype genotype, string? caption = null)
    {
        var panels = CellGraph.From(genotype).Select(g => (g.Title, Layout: CellLayout.Of(g))).ToList();
        var width = (int)Math.Ceiling(panels.Max(p => p.Layout.Width)) + 2 * Margin;
        var height = (int)Math.Ceiling(panels.Sum(p => p.Layout.Height + TitleHeight)) + 2 * Margin + (caption is null ? 0 : 24);
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">"));
        svg.AppendLine("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        svg.AppendLine(Invariant($"<rect class=\"background\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        double y = Margin;
        if (caption is not null)
        {
            svg.AppendLine(Invariant($"<text x=\"{Margin}\" y=\"{y + 12}\" font-size=\"13\">{Escape(caption)}</text>"));
            y += 24;
        }
        foreach (var (title, layout) in panels)
        {
            svg.AppendLine(Invariant($"<text x=\"{Margin}\" y=\"{y + 18}\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>"));
            y += TitleHeight;
            foreach (var edge in layout.Edges)
            {
                var d = string.Join(" ", edge.Points.Select((p, i) => Invariant($"{(i == 0 ? "M" : "L")}{Margin + p.X:0.##},{y + p.Y:0.##}")));
                svg.AppendLine(Invariant($"<path class=\"edge\" d=\"{d}\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>"));
            }
            foreach (var box in layout.Boxes)
            {
                var fill = box.Kind switch { null => "#ffffff", GraphNodeKind.Input => "#e8f0fe", GraphNodeKind.Output => "#fdebd0", _ => "#eeeeee" };
                svg.AppendLine(Invariant($"<rect class=\"{(box.IsOperation ? "op" : "vertex")}\" x=\"{Margin + box.X:0.##}\" y=\"{y + box.Y:0.##}\" width=\"{box.Width:0.##}\" height=\"{box.Height:0.##}\" rx=\"{(box.IsOperation ? 3 : 7)}\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"{(box.IsOperation ? 0.8 : 1.2)}\"/>"));
                svg.AppendLine(Invariant($"<text x=\"{Margin + box.X + box.Width / 2:0.##}\" y=\"{y + box.MiddleY + 4:0.##}\" text-anchor=\"middle\" font-size=\"{(box.IsOperation ? 11 : 12)}\">{Escape(box.Label)}</text>"));
            }
            y += layout.Height;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
