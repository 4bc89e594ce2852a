using Nao.Genotypes;
using Nao.Objectives;

namespace Nao.Tests.Objectives;

public sealed class ParetoTests
{
    private static IReadOnlyList<double>[] Points(params (double A, double B)[] points) => [.. points.Select(p => (IReadOnlyList<double>)[p.A, p.B])];

    [Fact]
    public void Non_dominated_sorting_puts_hand_made_points_in_their_fronts()
    {
        // Maximise both: (4,1), (3,3), (1,4) are non-dominated; (2,2) is dominated by (3,3) only; (1,1) by all of them.
        var points = Points((4, 1), (2, 2), (3, 3), (1, 1), (1, 4));

        var fronts = Pareto.NonDominatedSort(points);

        Assert.Equal(3, fronts.Count);
        Assert.Equal([0, 2, 4], fronts[0]);
        Assert.Equal([1], fronts[1]);
        Assert.Equal([3], fronts[2]);
    }

    [Fact]
    public void Equal_points_share_a_front_because_neither_dominates()
    {
        var fronts = Pareto.NonDominatedSort(Points((1, 1), (1, 1), (0, 0)));

        Assert.Equal([0, 1], fronts[0]);
        Assert.Equal([2], fronts[1]);
    }

    [Fact]
    public void Crowding_gives_the_extremes_infinity_and_inner_points_their_normalised_neighbour_gaps()
    {
        // One front along a line: a from 0 to 4, b from 4 to 0. Ranges are 4 in both objectives.
        var front = Points((0, 4), (1, 3), (3, 1), (4, 0));

        var distance = Pareto.Crowding(front);

        Assert.True(double.IsPositiveInfinity(distance[0]));
        Assert.True(double.IsPositiveInfinity(distance[3]));
        // (1,3): neighbours (0,4) and (3,1): (3-0)/4 + (4-1)/4 = 1.5; (3,1): neighbours (1,3) and (4,0): 3/4 + 3/4 = 1.5.
        Assert.Equal(1.5, distance[1], 12);
        Assert.Equal(1.5, distance[2], 12);
    }

    [Fact]
    public void Crowding_prefers_the_isolated_point_of_an_uneven_front()
    {
        var distance = Pareto.Crowding(Points((0, 10), (1, 9), (2, 8), (9, 1), (10, 0)));

        // (2,8) sits between (1,9) and (9,1): (9-1)/10 + (9-1)/10 = 1.6; (1,9) between (0,10) and (2,8): 0.2 + 0.2 = 0.4.
        Assert.Equal(0.4, distance[1], 12);
        Assert.Equal(1.6, distance[2], 12);
        Assert.Equal(1.6, distance[3], 12);
    }

    [Fact]
    public void The_hypervolume_of_one_point_is_its_rectangle_to_the_reference()
    {
        Assert.Equal(6.0, Pareto.Hypervolume2D([(3, 2)], (0, 0)), 12);
        Assert.Equal(2.0, Pareto.Hypervolume2D([(3, 2)], (1, 1)), 12);
    }

    [Fact]
    public void The_hypervolume_of_a_staircase_is_the_union_of_its_rectangles()
    {
        // (3,1), (2,2), (1,3) against (0,0): 3·1 + 2·(2-1) + 1·(3-2) = 6.
        Assert.Equal(6.0, Pareto.Hypervolume2D([(3, 1), (2, 2), (1, 3)], (0, 0)), 12);
    }

    [Fact]
    public void Dominated_points_and_points_beyond_the_reference_add_nothing_to_the_hypervolume()
    {
        var front = Pareto.Hypervolume2D([(3, 1), (1, 3)], (0, 0));

        Assert.Equal(5.0, front, 12);
        Assert.Equal(front, Pareto.Hypervolume2D([(3, 1), (1, 3), (1, 1), (0.5, 2.5), (-1, 10)], (0, 0)), 12);
        Assert.Equal(0.0, Pareto.Hypervolume2D([], (0, 0)));
    }

    [Fact]
    public void The_normalised_hypervolume_of_the_true_front_is_at_most_one_and_a_subset_scores_less()
    {
        var a = new Nb201Genotype(Enumerable.Repeat(Nb201Operation.None, 6));
        var b = Nb201Genotype.Parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        var c = Nb201Genotype.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|none~2|");
        var d = Nb201Genotype.Parse("|skip_connect~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|none~2|");
        // Scores 10, 50, 90, 40 at costs 0, 1, 2, 1: d is dominated by b.
        var reference = new ParetoReference([(a, 10, 0), (b, 50, 1), (c, 90, 2), (d, 40, 1)]);

        Assert.Equal(3, reference.FrontSize);
        Assert.False(reference.IsOnFront(d));
        // Normalised: a (0, 1), b (0.5, 0.5), c (1, 0): the staircase area is 0.5·0.5 = 0.25 (a and c lie on the axes).
        Assert.Equal(0.25, reference.TrueHypervolume, 12);
        Assert.Equal(0.0, reference.Hypervolume([(10, 0), (90, 2)]), 12);
        Assert.Equal(2.0 / 3, reference.FrontShare([a, c, d]), 12);
    }
}
