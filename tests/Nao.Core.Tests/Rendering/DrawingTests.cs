using System.Xml.Linq;
using Nao.Rendering;
using Nao.SearchSpaces;

namespace Nao.Tests.Rendering;

public sealed class DrawingTests
{
    [Fact]
    public void The_text_drawing_of_NAONet_lists_every_node_and_the_loose_end_output()
    {
        var text = TextDrawing.Draw(PublishedArchitectures.Get("NAONet").Genotype);
        Assert.Contains("normal cell", text);
        Assert.Contains("reduction cell", text);
        Assert.Contains("node 2 ← conv3x3(h[-2])  +  avg5x5(h[-1])", text);
        Assert.Contains("output ← concat(node 3, node 5, node 6)", text);
    }

    [Fact]
    public void The_text_drawing_of_an_nb201_cell_omits_none_edges()
    {
        var genotype = SearchSpaceRegistry.Nb201.Parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");
        var text = TextDrawing.Draw(genotype);
        Assert.Contains("node 2 ← zero (no incoming edge)", text);
        Assert.Contains("output ← sum(skip_connect(in), nor_conv_1x1(node 2))", text);
    }

    [Theory]
    [InlineData("NAONet", 2 * (8 + 10) + 1)]
    [InlineData("NAO-RNN", 15 + 11 + 1)]
    public void The_svg_is_well_formed_with_a_box_per_vertex_and_operation(string name, int rectangles)
    {
        var svg = SvgDrawing.Render(PublishedArchitectures.Get(name).Genotype, name);
        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        // One background rectangle, then a box per vertex and per labelled operation.
        Assert.Equal(rectangles, document.Descendants(ns + "rect").Count());
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value == name);
    }
}
