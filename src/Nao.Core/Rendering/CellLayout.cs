namespace Nao.Rendering;

/// <summary>A box of a cell drawing: a vertex or an operation, in panel coordinates.</summary>
internal sealed record LayoutBox(string Id, double X, double Y, double Width, double Height, string Label, GraphNodeKind? Kind, int Column)
{
    public double Right => X + Width;

    public double MiddleY => Y + Height / 2;

    public bool IsOperation => Kind is null;
}

/// <summary>A drawn edge: an orthogonal polyline from the right side of one box to the left side of another.</summary>
internal sealed record LayoutEdge(string From, string To, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Places a cell graph's boxes and routes its edges so that no edge passes behind a box other than its two ends.
/// </summary>
/// <remarks>
/// Boxes sit in columns: vertices by depth (longest path from an input), and every operation in its own box in the
/// column just before the vertex it feeds. Edges run only through the empty gaps between columns and along tracks
/// above or below all boxes: an edge leaves its source to the right into the next gap; if its target's column follows
/// that gap it turns there to the target's height; otherwise it climbs (or drops) in that gap to a track outside the
/// boxes, runs along it to the gap just before the target, and comes back in. Gaps hold no boxes and tracks lie
/// outside them, so a straight line can never cut a box, the way the earlier one-row-per-depth drawing let the
/// edges of NAS-Bench-201's `in` pass behind node 1. Each vertical run in a gap gets its own x (shared only by edges
/// of the same source, which then read as a fork), so parallel edges do not merge.
/// </remarks>
internal sealed class CellLayout
{
    private const double NodeWidth = 92, NodeHeight = 30, OpWidth = 92, OpHeight = 22, OpSpacing = 6;
    private const double NodePitch = 78, MinGap = 34, TrackPitch = 8, TrackClearance = 14;

    private CellLayout(IReadOnlyList<LayoutBox> boxes, IReadOnlyList<LayoutEdge> edges, double width, double height)
    {
        Boxes = boxes;
        Edges = edges;
        Width = width;
        Height = height;
    }

    /// <summary>Vertices and operation boxes.</summary>
    public IReadOnlyList<LayoutBox> Boxes { get; }

    /// <summary>The routed edges.</summary>
    public IReadOnlyList<LayoutEdge> Edges { get; }

    /// <summary>The panel's width.</summary>
    public double Width { get; }

    /// <summary>The panel's height.</summary>
    public double Height { get; }

    /// <summary>Lays out one cell.</summary>
    public static CellLayout Of(CellGraph graph)
    {
        var depth = Depths(graph);
        // Slot 2·depth for vertices, 2·depth − 1 for the operations feeding them; empty slots are dropped.
        var connections = new List<(string From, string To)>();
        var slots = new Dictionary<string, int>();
        var placed = new List<(string Id, string Label, GraphNodeKind? Kind, int Slot, string? Target)>();
        foreach (var node in graph.Nodes)
        {
            placed.Add((node.Id, node.Label, node.Kind, 2 * depth[node.Id], null));
        }
        var op = 0;
        foreach (var target in graph.Nodes)
        {
            foreach (var edge in graph.Edges.Where(e => e.To == target.Id))
            {
                if (edge.Label.Length == 0)
                {
                    connections.Add((edge.From, edge.To));
                    continue;
                }
                var id = $"op{op++}";
                placed.Add((id, edge.Label, null, 2 * depth[target.Id] - 1, target.Id));
                connections.Add((edge.From, id));
                connections.Add((id, edge.To));
            }
        }
        var columnOfSlot = placed.Select(p => p.Slot).Distinct().Order().Select((slot, column) => (slot, column)).ToDictionary(p => p.slot, p => p.column);
        foreach (var p in placed) slots[p.Id] = columnOfSlot[p.Slot];

        // Heights: vertices evenly in their column; operations near their target, pushed apart where they would overlap.
        var y = new Dictionary<string, double>();
        var vertexColumns = graph.Nodes.GroupBy(n => slots[n.Id]).ToList();
        var rows = vertexColumns.Max(c => c.Count());
        foreach (var column in vertexColumns)
        {
            var items = column.ToList();
            var top = (rows - items.Count) * NodePitch / 2 + (NodePitch - NodeHeight) / 2;
            for (var i = 0; i < items.Count; i++) y[items[i].Id] = top + i * NodePitch;
        }
        foreach (var column in placed.Where(p => p.Kind is null).GroupBy(p => p.Slot))
        {
            var wanted = new List<(string Id, double Centre)>();
            foreach (var group in column.GroupBy(p => p.Target!))
            {
                var ops = group.ToList();
                var centre = y[group.Key] + NodeHeight / 2;
                for (var i = 0; i < ops.Count; i++) wanted.Add((ops[i].Id, centre + (i - (ops.Count - 1) / 2.0) * (OpHeight + OpSpacing)));
            }
            var floor = double.NegativeInfinity;
            foreach (var (id, centre) in wanted.OrderBy(w => w.Centre))
            {
                var top = Math.Max(centre - OpHeight / 2, floor);
                y[id] = top;
                floor = top + OpHeight + OpSpacing;
            }
        }

        var boxes = placed.ToDictionary(p => p.Id, p => new LayoutBox(p.Id, 0, y[p.Id], p.Kind is null ? OpWidth : NodeWidth,
            p.Kind is null ? OpHeight : NodeHeight, p.Label, p.Kind, slots[p.Id]));
        return Route(boxes, connections);
    }

    private static CellLayout Route(Dictionary<string, LayoutBox> boxes, List<(string From, string To)> connections)
    {
        var columns = boxes.Values.Max(b => b.Column) + 1;
        var top = boxes.Values.Min(b => b.Y);
        var bottom = boxes.Values.Max(b => b.Y + b.Height);
        var middle = (top + bottom) / 2;

        // Vertical runs per gap (gap g lies right of column g), keyed so that only runs of one source share an x.
        var runs = Enumerable.Range(0, columns).Select(_ => new List<string>()).ToArray();
        void Run(int gap, string key)
        {
            if (!runs[gap].Contains(key)) runs[gap].Add(key);
        }
        // A long edge runs along a free corridor between the boxes of the columns it spans, as near its ends' height as
        // possible; only where none is free does it take a track outside the boxes, shared by the edges of one source
        // going the same way (a fork) and interval-coloured.
        var corridors = new Dictionary<(string From, string To), double>();
        var taken = new List<(double Y, int From, int To, string Source)>();
        var nets = new Dictionary<(string Source, bool Above), (int From, int To)>();
        foreach (var (from, to) in connections)
        {
            var leave = boxes[from].Column;
            var approach = boxes[to].Column - 1;
            Run(leave, "from " + from);
            if (approach == leave) continue;
            Run(approach, "to " + to);
            if (Corridor(boxes.Values, taken, from, leave, approach, boxes[from].MiddleY, boxes[to].MiddleY, top, bottom) is { } corridor)
            {
                corridors[(from, to)] = corridor;
                taken.Add((corridor, leave, approach, from));
                continue;
            }
            var key = (from, boxes[from].MiddleY + boxes[to].MiddleY <= 2 * middle);
            nets[key] = nets.TryGetValue(key, out var span) ? (span.From, Math.Max(span.To, approach)) : (leave, approach);
        }
        var track = new Dictionary<(string Source, bool Above), int>();
        var tracksUsed = new Dictionary<bool, List<int>> { [true] = [], [false] = [] };
        foreach (var (key, span) in nets.OrderBy(n => n.Value.From).ThenBy(n => n.Value.To))
        {
            var ends = tracksUsed[key.Above];
            var free = ends.FindIndex(end => end < span.From);
            if (free < 0)
            {
                free = ends.Count;
                ends.Add(0);
            }
            ends[free] = span.To;
            track[key] = free;
        }

        // Column x positions, with each gap wide enough for its runs.
        var gapWidth = runs.Select(r => Math.Max(MinGap, (r.Count + 1) * TrackPitch)).ToArray();
        var columnX = new double[columns];
        var columnWidth = Enumerable.Range(0, columns).Select(c => boxes.Values.Where(b => b.Column == c).Max(b => b.Width)).ToArray();
        for (var c = 1; c < columns; c++) columnX[c] = columnX[c - 1] + columnWidth[c - 1] + gapWidth[c - 1];
        double RunX(int gap, string key) => columnX[gap] + columnWidth[gap] + (runs[gap].IndexOf(key) + 1) * gapWidth[gap] / (runs[gap].Count + 1);

        var above = tracksUsed[true].Count;
        var shift = above == 0 ? 0 : TrackClearance + (above - 1) * TrackPitch + 4 - top;
        shift = Math.Max(shift, 4 - top);
        var placedBoxes = boxes.ToDictionary(b => b.Key, b => b.Value with { X = columnX[b.Value.Column], Y = b.Value.Y + shift });
        double TrackY(bool isAbove, int index) => isAbove ? top + shift - TrackClearance - index * TrackPitch : bottom + shift + TrackClearance + index * TrackPitch;

        var edges = new List<LayoutEdge>();
        foreach (var (from, to) in connections)
        {
            var (a, b) = (placedBoxes[from], placedBoxes[to]);
            var leave = a.Column;
            var approach = b.Column - 1;
            var x1 = RunX(leave, "from " + from);
            var points = new List<(double X, double Y)> { (a.Right, a.MiddleY), (x1, a.MiddleY) };
            if (approach != leave)
            {
                var key = (from, boxes[from].MiddleY + boxes[to].MiddleY <= 2 * middle);
                var ty = corridors.TryGetValue((from, to), out var corridor) ? corridor + shift : TrackY(key.Item2, track[key]);
                var x2 = RunX(approach, "to " + to);
                points.AddRange([(x1, ty), (x2, ty), (x2, b.MiddleY)]);
            }
            else
            {
                points.Add((x1, b.MiddleY));
            }
            points.Add((b.X, b.MiddleY));
            edges.Add(new LayoutEdge(from, to, Simplify(points)));
        }
        var below = tracksUsed[false].Count;
        var height = bottom + shift + (below == 0 ? 0 : TrackClearance + (below - 1) * TrackPitch) + 8;
        return new CellLayout([.. placedBoxes.Values], edges, placedBoxes.Values.Max(b => b.Right), height);
    }

    /// <summary>
    /// The height nearest the edge's ends at which a horizontal run through the columns between them (gaps
    /// <paramref name="leave"/> to <paramref name="approach"/>) keeps clear of every box there and of other sources'
    /// runs; null when there is none inside the boxes' band.
    /// </summary>
    private static double? Corridor(IEnumerable<LayoutBox> boxes, List<(double Y, int From, int To, string Source)> taken, string source,
        int leave, int approach, double fromY, double toY, double top, double bottom)
    {
        const double clearance = 6;
        var between = boxes.Where(b => b.Column > leave && b.Column <= approach).ToList();
        bool Free(double y) =>
            between.All(b => y < b.Y - clearance || y > b.Y + b.Height + clearance)
            && taken.All(t => t.Source == source || Math.Abs(t.Y - y) >= TrackPitch || t.To < leave || t.From > approach);
        // Prefer the source's own height (a straight run), then the target's, then the nearest free height between.
        foreach (var y in new[] { fromY, toY }) if (Free(y)) return y;
        // The free height nearest the middle is the middle itself or just outside one of the blocked bands.
        var wanted = (fromY + toY) / 2;
        var candidates = new List<double> { wanted };
        foreach (var b in between) candidates.AddRange([b.Y - clearance - 0.5, b.Y + b.Height + clearance + 0.5]);
        foreach (var t in taken) candidates.AddRange([t.Y - TrackPitch, t.Y + TrackPitch]);
        foreach (var y in candidates.Where(y => y > top && y < bottom).OrderBy(y => Math.Abs(y - wanted)).ThenBy(y => y))
        {
            if (Free(y)) return y;
        }
        return null;
    }

    /// <summary>Drops repeated points and the middle of three collinear ones, so a straight edge is one segment.</summary>
    private static List<(double X, double Y)> Simplify(List<(double X, double Y)> points)
    {
        var kept = new List<(double X, double Y)>();
        foreach (var p in points)
        {
            if (kept.Count > 0 && kept[^1] == p) continue;
            if (kept.Count >= 2 && Collinear(kept[^2], kept[^1], p)) kept[^1] = p;
            else kept.Add(p);
        }
        return kept;
    }

    private static bool Collinear((double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        (a.X == b.X && b.X == c.X) || (a.Y == b.Y && b.Y == c.Y);

    /// <summary>Longest path from an input: inputs 0, vertices without incoming edges 1.</summary>
    private static Dictionary<string, int> Depths(CellGraph graph)
    {
        var depth = new Dictionary<string, int>();
        foreach (var node in graph.Nodes)
        {
            var incoming = graph.Edges.Where(e => e.To == node.Id).Select(e => depth[e.From]).ToList();
            depth[node.Id] = node.Kind == GraphNodeKind.Input ? 0 : incoming.Count == 0 ? 1 : incoming.Max() + 1;
        }
        return depth;
    }
}
