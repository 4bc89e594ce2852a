using Nao.Genotypes;
using Nao.Objectives;

namespace Nao.Tests.Objectives;

public sealed class ObjectiveOptionsTests
{
    [Theory]
    [InlineData("params<=0.8M", "params", 800_000, true)]
    [InlineData("flops <= 120M", "flops", 120_000_000, true)]
    [InlineData("params>=5k", "params", 5_000, false)]
    [InlineData("latency_ms<=12.5ms", "latency_ms", 12.5, true)]
    [InlineData("flops<=1.5G", "flops", 1_500_000_000, true)]
    [InlineData("params<=1000", "params", 1000, true)]
    public void A_constraint_parses_its_metric_bound_unit_and_direction(string text, string metric, double bound, bool upper)
    {
        var constraint = CostConstraint.Parse(text);

        Assert.Equal(metric, constraint.Metric);
        Assert.Equal(bound, constraint.Bound, 6);
        Assert.Equal(upper, constraint.IsUpper);
        Assert.Equal(constraint, CostConstraint.Parse(constraint.ToString()));
    }

    [Theory]
    [InlineData("params<0.8M", "METRIC<=VALUE")]
    [InlineData("params<=0.8X", "unknown unit 'X'")]
    [InlineData("params<=abcM", "METRIC<=VALUE")]
    [InlineData("<=3M", "METRIC<=VALUE")]
    [InlineData("params<=1.2.3M", "is not a number")]
    public void A_malformed_constraint_is_refused_with_the_form_or_the_bad_part(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => CostConstraint.Parse(text));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Objectives_parse_their_direction_and_refuse_any_other()
    {
        Assert.Equal(new ObjectiveSpec("flops", false), ObjectiveSpec.Parse("flops:min"));
        Assert.True(ObjectiveSpec.Parse("accuracy:MAX").IsScore);
        Assert.Contains("max or min", Assert.Throws<FormatException>(() => ObjectiveSpec.Parse("flops:low")).Message);
        Assert.Contains("METRIC:max", Assert.Throws<FormatException>(() => ObjectiveSpec.Parse("flops")).Message);
    }

    [Fact]
    public void A_constraint_on_an_unknown_metric_names_the_metrics_the_cost_model_gives()
    {
        var options = new ObjectiveOptions { Constraints = [CostConstraint.Parse("latency<=3ms")] };

        var e = Assert.Throws<ArgumentException>(() => options.Validate(ObjectiveTestData.Table()));

        Assert.Contains("Unknown cost metric 'latency'", e.Message);
        Assert.Contains("flops, params", e.Message);
    }

    [Fact]
    public void A_constraint_no_architecture_meets_is_refused_with_the_spaces_range()
    {
        // The cheapest cell costs 1000 params (the skeleton alone).
        var options = new ObjectiveOptions { Constraints = [CostConstraint.Parse("params<=999")] };

        var e = Assert.Throws<ArgumentException>(() => options.Validate(ObjectiveTestData.Table()));

        Assert.Contains("excludes every architecture", e.Message);
        Assert.Contains("1000..6400", e.Message);
        new ObjectiveOptions { Constraints = [CostConstraint.Parse("params<=1000")] }.Validate(ObjectiveTestData.Table());
    }

    [Fact]
    public void A_pareto_search_needs_accuracy_max_and_one_cost_to_minimise()
    {
        var table = ObjectiveTestData.Table();
        new ObjectiveOptions { Objectives = [ObjectiveSpec.Parse("accuracy:max"), ObjectiveSpec.Parse("flops:min")] }.Validate(table);

        Assert.Contains("give two", Assert.Throws<ArgumentException>(() => new ObjectiveOptions { Objectives = [ObjectiveSpec.Parse("flops:min")] }.Validate(table)).Message);
        Assert.Contains("must be minimised", Assert.Throws<ArgumentException>(() =>
            new ObjectiveOptions { Objectives = [ObjectiveSpec.Parse("accuracy:max"), ObjectiveSpec.Parse("flops:max")] }.Validate(table)).Message);
        Assert.Contains("no cost model", Assert.Throws<ArgumentException>(() =>
            new ObjectiveOptions { Objectives = [ObjectiveSpec.Parse("accuracy:max"), ObjectiveSpec.Parse("flops:min")] }.Validate(null)).Message);
    }

    [Fact]
    public void The_nb201_cost_table_adds_each_edges_operation_to_the_skeleton()
    {
        var table = ObjectiveTestData.Table();
        var cell = Nb201Genotype.Parse("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|");

        var costs = table.Costs(cell);

        Assert.Equal(1000 + 900 + 100 + 900, costs["params"]);
        Assert.Equal(10_000 + 9_000 + 1_000 + 9_000, costs["flops"]);
        Assert.Equal((1000.0, 1000.0 + 6 * 900), table.Range("params"));
    }
}
