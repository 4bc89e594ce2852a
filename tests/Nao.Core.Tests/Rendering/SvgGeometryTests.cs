using System.Globalization;
using System.Xml.Linq;
using Nao.Genotypes;
using Nao.Rendering;
using Nao.SearchSpaces;

namespace Nao.Tests.Rendering;

/// <summary>
/// Checks the SVG cell drawings on their own coordinates: every edge starts on one box and ends on another, and no
/// edge segment passes behind a box other than those two (issue 14: NAS-Bench-201's edges from `in` to node 2's ops
/// ran behind node 1's box and read as if node 1 fed them).
/// </summary>
public sealed class SvgGeometryTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Spaces() => [.. SearchSpaceRegistry.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Spaces))]
    public void No_edge_passes_behind_a_box_that_is_not_one_of_its_ends_in_200_random_architectures(string space)
    {
        var searchSpace = SearchSpaceRegistry.Get(space);
        var random = new Random(14);
        for (var i = 0; i < 200; i++) AssertClear(searchSpace.Sample(random));
    }

    [Fact]
    public void No_edge_passes_behind_a_foreign_box_in_the_published_cells()
    {
        foreach (var published in PublishedArchitectures.All) AssertClear(published.Genotype);
    }

    [Fact]
    public void In_the_nb201_cell_the_edges_from_in_to_node_2_and_out_do_not_cross_node_1()
    {
        // The cell of the issue: every edge present, so `in` feeds node 1, node 2 and out.
        var genotype = SearchSpaceRegistry.Nb201.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|");
        var (boxes, edges) = Parse(SvgDrawing.Render(genotype));
        Assert.Equal(4 + 6, boxes.Count);
        Assert.Equal(6 * 2, edges.Count);
        AssertClear(genotype);
    }

    [Fact]
    public void The_segment_test_sees_an_edge_that_cuts_a_box()
    {
        var box = new Rect(10, 10, 20, 10);
        Assert.True(Cuts(box, (0, 15), (40, 15)));
        Assert.False(Cuts(box, (0, 25), (40, 25)));
        Assert.False(Cuts(box, (0, 0), (5, 40)));
        Assert.True(Cuts(box, (0, 0), (40, 30)));
    }

    private static void AssertClear(Genotype genotype)
    {
        var (boxes, edges) = Parse(SvgDrawing.Render(genotype, "caption"));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                // Messages are built only on failure: formatting one per check made the test ten times slower.
                if (Overlap(boxes[i], boxes[j])) Assert.Fail($"{genotype}: boxes {boxes[i]} and {boxes[j]} overlap");
            }
        }
        foreach (var edge in edges)
        {
            var start = boxes.Where(b => OnRightSide(b, edge[0])).ToList();
            var end = boxes.Where(b => OnLeftSide(b, edge[^1])).ToList();
            if (start.Count != 1) Assert.Fail($"{genotype}: an edge starts at {edge[0]}, on {start.Count} boxes");
            if (end.Count != 1) Assert.Fail($"{genotype}: an edge ends at {edge[^1]}, on {end.Count} boxes");
            foreach (var box in boxes.Except([start[0], end[0]]))
            {
                for (var s = 0; s + 1 < edge.Count; s++)
                {
                    if (Cuts(box, edge[s], edge[s + 1])) Assert.Fail($"{genotype}: edge segment {edge[s]}–{edge[s + 1]} passes behind the box at {box}");
                }
            }
        }
    }

    private sealed record Rect(double X, double Y, double Width, double Height);

    private static (List<Rect> Boxes, List<List<(double X, double Y)>> Edges) Parse(string svg)
    {
        var document = XDocument.Parse(svg);
        var boxes = document.Descendants(Svg + "rect")
            .Where(r => (string?)r.Attribute("class") is "vertex" or "op")
            .Select(r => new Rect(D(r, "x"), D(r, "y"), D(r, "width"), D(r, "height")))
            .ToList();
        var edges = document.Descendants(Svg + "path")
            .Where(p => (string?)p.Attribute("class") == "edge")
            .Select(p => ((string)p.Attribute("d")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part[1..].Split(','))
                .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
                .ToList())
            .ToList();
        Assert.NotEmpty(boxes);
        Assert.NotEmpty(edges);
        return (boxes, edges);
    }

    private static double D(XElement element, string name) => double.Parse((string)element.Attribute(name)!, CultureInfo.InvariantCulture);

    private const double Tolerance = 0.05;

    private static bool OnRightSide(Rect box, (double X, double Y) p) =>
        Math.Abs(p.X - (box.X + box.Width)) < Tolerance && p.Y > box.Y && p.Y < box.Y + box.Height;

    private static bool OnLeftSide(Rect box, (double X, double Y) p) =>
        Math.Abs(p.X - box.X) < Tolerance && p.Y > box.Y && p.Y < box.Y + box.Height;

    private static bool Overlap(Rect a, Rect b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>Whether the segment enters the box's interior (Liang–Barsky clipping against the box shrunk by half a pixel).</summary>
    private static bool Cuts(Rect box, (double X, double Y) a, (double X, double Y) b)
    {
        double x0 = box.X + 0.5, x1 = box.X + box.Width - 0.5, y0 = box.Y + 0.5, y1 = box.Y + box.Height - 0.5;
        double dx = b.X - a.X, dy = b.Y - a.Y, low = 0, high = 1;
        foreach (var (p, q) in new[] { (-dx, a.X - x0), (dx, x1 - a.X), (-dy, a.Y - y0), (dy, y1 - a.Y) })
        {
            if (p == 0)
            {
                if (q < 0) return false;
                continue;
            }
            var t = q / p;
            if (p < 0) low = Math.Max(low, t);
            else high = Math.Min(high, t);
            if (low > high) return false;
        }
        return true;
    }
}
