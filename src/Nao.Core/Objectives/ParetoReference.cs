using Nao.Genotypes;

namespace Nao.Objectives;

/// <summary>
/// The ground truth of an enumerable space (a table) for one score and one cost: the true Pareto front, the ranges
/// that normalise both objectives to [0, 1], and the hypervolume of any set of points in that normalised space. The
/// reference point is the worst score and the largest cost of the space, i.e. (0, 0) in the normalised space where
/// both objectives are maximised (score → (s − min)/(max − min), cost → (max − c)/(max − min)); the true front's
/// hypervolume is then at most 1.
/// </summary>
public sealed class ParetoReference
{
    private readonly HashSet<Genotype> _front;

    /// <summary>Computes the front and ranges over every architecture of the space with its score and cost.</summary>
    /// <exception cref="ArgumentException">No architectures.</exception>
    public ParetoReference(IReadOnlyList<(Genotype Genotype, double Score, double Cost)> space)
    {
        if (space.Count == 0) throw new ArgumentException("The Pareto reference needs at least one architecture.", nameof(space));
        (ScoreMin, ScoreMax) = (space.Min(a => a.Score), space.Max(a => a.Score));
        (CostMin, CostMax) = (space.Min(a => a.Cost), space.Max(a => a.Cost));
        IReadOnlyList<double>[] points = [.. space.Select(a => (IReadOnlyList<double>)[a.Score, -a.Cost])];
        _front = [.. Pareto.Front(points).Select(i => space[i].Genotype)];
        TrueFront = [.. Pareto.Front(points).Select(i => (space[i].Score, space[i].Cost))];
        TrueHypervolume = Hypervolume(TrueFront);
    }

    /// <summary>The worst score of the space.</summary>
    public double ScoreMin { get; }

    /// <summary>The best score of the space.</summary>
    public double ScoreMax { get; }

    /// <summary>The smallest cost of the space.</summary>
    public double CostMin { get; }

    /// <summary>The largest cost of the space.</summary>
    public double CostMax { get; }

    /// <summary>The (score, cost) of every architecture on the true front.</summary>
    public IReadOnlyList<(double Score, double Cost)> TrueFront { get; }

    /// <summary>The hypervolume of the true front: the most any search can reach.</summary>
    public double TrueHypervolume { get; }

    /// <summary>The true front's size.</summary>
    public int FrontSize => _front.Count;

    /// <summary>A point in the normalised space (both coordinates maximised, reference point at the origin).</summary>
    public (double X, double Y) Normalise(double score, double cost) =>
        ((score - ScoreMin) / Math.Max(ScoreMax - ScoreMin, double.Epsilon), (CostMax - cost) / Math.Max(CostMax - CostMin, double.Epsilon));

    /// <summary>The hypervolume of a set of (score, cost) points in the normalised space, against the reference point.</summary>
    public double Hypervolume(IEnumerable<(double Score, double Cost)> points) =>
        Pareto.Hypervolume2D(points.Select(p => Normalise(p.Score, p.Cost)), (0, 0));

    /// <summary>The share of the true front's architectures among <paramref name="found"/>.</summary>
    public double FrontShare(IEnumerable<Genotype> found) => (double)found.Distinct().Count(_front.Contains) / _front.Count;

    /// <summary>Whether an architecture is on the true front.</summary>
    public bool IsOnFront(Genotype genotype) => _front.Contains(genotype);

    /// <summary>The best score among the architectures that meet every constraint; null when none does.</summary>
    public static double? FeasibleBest(IEnumerable<(Genotype Genotype, double Score)> space, ICostModel costs, ObjectiveOptions objectives)
    {
        var feasible = space.Where(a => objectives.IsFeasible(costs.Costs(a.Genotype))).Select(a => a.Score).ToList();
        return feasible.Count == 0 ? null : feasible.Max();
    }
}
