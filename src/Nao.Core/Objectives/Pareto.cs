namespace Nao.Objectives;

/// <summary>
/// Pareto dominance, NSGA-II's non-dominated sorting and crowding distance (Deb et al. 2002), and the exact
/// two-dimensional hypervolume. Every objective is maximised here: negate a cost before passing it in.
/// </summary>
public static class Pareto
{
    /// <summary>Whether <paramref name="a"/> is at least as good as <paramref name="b"/> everywhere and better somewhere.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var better = false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] < b[i]) return false;
            if (a[i] > b[i]) better = true;
        }
        return better;
    }

    /// <summary>The indices of the non-dominated points, in input order.</summary>
    public static IReadOnlyList<int> Front(IReadOnlyList<IReadOnlyList<double>> points)
    {
        if (points.Count == 0) return [];
        if (points[0].Count != 2) return NonDominatedSort(points)[0];
        // Two objectives: sort by the first (best first, ties by the second), then sweep; O(n log n) for a whole table.
        var order = Enumerable.Range(0, points.Count).OrderByDescending(i => points[i][0]).ThenByDescending(i => points[i][1]).ToArray();
        var front = new List<int>();
        var (bestSecond, lastFirst) = (double.NegativeInfinity, double.NaN);
        foreach (var i in order)
        {
            var (a, b) = (points[i][0], points[i][1]);
            // A point is dominated when an earlier one has a larger second value, or an equal one with a larger first.
            if (b > bestSecond || (b == bestSecond && a == lastFirst && front.Count > 0 && points[front[^1]][1] == b))
            {
                if (b > bestSecond) (bestSecond, lastFirst) = (b, a);
                front.Add(i);
            }
        }
        front.Sort();
        return front;
    }

    /// <summary>
    /// NSGA-II's fast non-dominated sort: the indices of the points in fronts, the first front non-dominated, each
    /// next one non-dominated once the earlier fronts are removed. Indices within a front keep input order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> NonDominatedSort(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var n = points.Count;
        var dominatedBy = new int[n];
        var dominates = new List<int>[n];
        for (var i = 0; i < n; i++) dominates[i] = [];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (Dominates(points[i], points[j])) { dominates[i].Add(j); dominatedBy[j]++; }
                else if (Dominates(points[j], points[i])) { dominates[j].Add(i); dominatedBy[i]++; }
            }
        }
        var fronts = new List<IReadOnlyList<int>>();
        var current = Enumerable.Range(0, n).Where(i => dominatedBy[i] == 0).ToList();
        while (current.Count > 0)
        {
            fronts.Add(current);
            var next = new List<int>();
            foreach (var i in current)
            {
                foreach (var j in dominates[i])
                {
                    if (--dominatedBy[j] == 0) next.Add(j);
                }
            }
            next.Sort();
            current = next;
        }
        return fronts;
    }

    /// <summary>
    /// NSGA-II's crowding distance of each point of one front: per objective, the gap between its two neighbours
    /// divided by the objective's range over the front, summed; the extremes of each objective get +∞.
    /// </summary>
    public static double[] Crowding(IReadOnlyList<IReadOnlyList<double>> front)
    {
        var n = front.Count;
        var distance = new double[n];
        if (n == 0) return distance;
        var objectives = front[0].Count;
        for (var m = 0; m < objectives; m++)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => front[i][m]).ThenBy(i => i).ToArray();
            var (low, high) = (front[order[0]][m], front[order[^1]][m]);
            distance[order[0]] = double.PositiveInfinity;
            distance[order[^1]] = double.PositiveInfinity;
            if (high == low) continue;
            for (var k = 1; k < n - 1; k++) distance[order[k]] += (front[order[k + 1]][m] - front[order[k - 1]][m]) / (high - low);
        }
        return distance;
    }

    /// <summary>
    /// The area that a set of 2-D points dominates and that dominates the reference point (both objectives maximised),
    /// computed exactly: points that do not dominate the reference add nothing.
    /// </summary>
    public static double Hypervolume2D(IEnumerable<(double X, double Y)> points, (double X, double Y) reference)
    {
        var inside = points.Where(p => p.X > reference.X && p.Y > reference.Y).OrderByDescending(p => p.X).ThenByDescending(p => p.Y).ToList();
        var area = 0.0;
        var ceiling = reference.Y;
        // Sweep from the largest X: each point adds the strip between its X and the reference, above the best Y so far.
        foreach (var (x, y) in inside)
        {
            if (y <= ceiling) continue;
            area += (x - reference.X) * (y - ceiling);
            ceiling = y;
        }
        return area;
    }
}
