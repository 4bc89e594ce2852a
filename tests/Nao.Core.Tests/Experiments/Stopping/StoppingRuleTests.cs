using Nao.Evaluation;
using Nao.Experiments.Stopping;

namespace Nao.Tests.Experiments.Stopping;

public sealed class StoppingRuleTests
{
    private static IReadOnlyList<CurvePoint> Curve(params double[] scores) => [.. scores.Select((s, i) => new CurvePoint(i + 1, s))];

    // Five finished curves; their best scores up to step 2 are 0.3, 0.4, 0.5, 0.6, 0.7 (median 0.5).
    private static readonly IReadOnlyList<IReadOnlyList<CurvePoint>> Finished =
    [
        Curve(0.1, 0.3, 0.5), Curve(0.2, 0.4, 0.6), Curve(0.5, 0.4, 0.7), Curve(0.6, 0.6, 0.8), Curve(0.7, 0.2, 0.9),
    ];

    [Fact]
    public void Median_stopping_stops_exactly_the_trials_whose_best_so_far_is_below_the_finished_median()
    {
        var rule = new MedianStoppingRule(new MedianStoppingOptions { MinFinished = 5, GracePoints = 2 });

        Assert.Null(rule.Check(Curve(0.0), Finished));                      // within the grace points
        Assert.NotNull(rule.Check(Curve(0.1, 0.49), Finished));             // best 0.49 < 0.5
        Assert.Null(rule.Check(Curve(0.1, 0.5), Finished));                 // equal to the median goes on
        Assert.Null(rule.Check(Curve(0.55, 0.1), Finished));                // best so far, not last, counts
        var stop = rule.Check(Curve(0.1, 0.2), Finished)!;
        Assert.Equal(0.2, stop.ToldScore);                                  // told the last score
        Assert.Contains("median 0.5 of 5 finished", stop.Reason);
        Assert.Null(rule.Check(Curve(0.1, 0.2), Finished.Take(4).ToList())); // too few finished
    }

    [Fact]
    public void The_median_at_step_t_uses_only_the_points_the_finished_curves_had_by_step_t()
    {
        var rule = new MedianStoppingRule(new MedianStoppingOptions { MinFinished = 5, GracePoints = 1 });

        // At step 1 the finished bests are 0.1, 0.2, 0.5, 0.6, 0.7: median 0.5.
        Assert.NotNull(rule.Check(Curve(0.45), Finished));
        Assert.Null(rule.Check(Curve(0.5), Finished));
    }

    [Fact]
    public void The_power_law_fit_recovers_the_parameters_of_a_synthetic_power_law()
    {
        var curve = Enumerable.Range(1, 12).Select(x => new CurvePoint(x, 90 - 40 * Math.Pow(x, -0.5))).ToList();

        var model = CurveFit.Fit(CurveFamily.PowerLaw, curve)!;

        Assert.Equal(90, model.A, 3);
        Assert.Equal(40, model.B, 3);
        Assert.Equal(0.5, model.C, 4);
        Assert.True(model.SumOfSquares < 1e-6);
        Assert.Equal(90 - 40 * Math.Pow(200, -0.5), model.Predict(200), 3);
    }

    [Fact]
    public void The_exponential_fit_recovers_the_parameters_of_a_synthetic_exponential()
    {
        var curve = Enumerable.Range(1, 12).Select(x => new CurvePoint(x, 0.8 - 0.5 * Math.Exp(-0.3 * x))).ToList();

        var model = CurveFit.Fit(CurveFamily.Exponential, curve)!;

        Assert.Equal(0.8, model.A, 4);
        Assert.Equal(0.5, model.B, 4);
        Assert.Equal(0.3, model.C, 4);
    }

    [Fact]
    public void Extrapolation_stops_a_curve_heading_below_the_kth_best_and_lets_one_heading_above_go_on()
    {
        var rule = new ExtrapolationRule(new ExtrapolationOptions { K = 2, FinalStep = 50, Threshold = 0.05, MinPoints = 4 });
        IReadOnlyList<IReadOnlyList<CurvePoint>> finished = [Curve(0.5, 0.80), Curve(0.5, 0.85), Curve(0.5, 0.90)];
        IReadOnlyList<CurvePoint> Law(double a) => [.. Enumerable.Range(1, 6).Select(x => new CurvePoint(x, a - 0.4 * Math.Pow(x, -0.6)))];

        var low = rule.Check(Law(0.70), finished);
        var high = rule.Check(Law(0.95), finished);

        Assert.NotNull(low);
        Assert.Equal(0.70 - 0.4 * Math.Pow(50, -0.6), low.PredictedScore, 2);
        Assert.Equal(low.PredictedScore, low.ToldScore);
        Assert.Contains("#2 finished", low.Reason);
        Assert.Null(high);
        Assert.Null(rule.Check([.. Law(0.70).Take(3)], finished)); // fewer points than MinPoints
    }

    [Fact]
    public void Invalid_options_are_refused_with_a_message_naming_the_option()
    {
        Assert.Contains("threshold", Assert.Throws<ArgumentException>(() => new ExtrapolationRule(new ExtrapolationOptions { Threshold = 1.5 })).Message);
        Assert.Contains("minFinished", Assert.Throws<ArgumentException>(() => new MedianStoppingRule(new MedianStoppingOptions { MinFinished = 0 })).Message);
    }
}
