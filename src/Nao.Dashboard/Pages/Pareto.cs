namespace Nao.Dashboard.Pages;

/// <summary>The Pareto front of points where higher is better on both axes.</summary>
public static class Pareto
{
    /// <summary>The points no other point beats on both coordinates, by increasing x (NaN points are left out).</summary>
    public static IReadOnlyList<(double X, double Y)> Front(IReadOnlyList<(double X, double Y)> points)
    {
        var front = new List<(double X, double Y)>();
        // From the largest x down, a point is on the front when its y beats every y seen so far.
        foreach (var p in points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderByDescending(p => p.X).ThenByDescending(p => p.Y))
        {
            if (front.Count == 0 || p.Y > front[^1].Y) front.Add(p);
        }
        front.Reverse();
        return front;
    }
}
