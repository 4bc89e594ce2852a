using Nao.Costs;
using Nao.Genotypes;
using Nao.Networks.Nb201;
using Nao.Objectives;
using Nao.Search;
using Nao.SearchSpaces;

namespace Nao.Tests.Costs;

public sealed class LatencyCostModelTests : IDisposable
{
    private static readonly Nb201NetworkOptions Small = new() { Cells = 1, Channels = 4, InputSize = 8 };
    private static readonly LatencyOptions Quick = new() { Warmup = 1, Runs = 3 };
    private readonly string _dir = Directory.CreateTempSubdirectory("nao-latency-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LatencyCostModel Model(string machine = "test machine") => new(Nb201CostMeasurement.Measure(Small), (g, batches) =>
    {
        using var network = new Nb201Network((Nb201Genotype)g, Small);
        return [.. batches.Select(b => LatencyMeter.MedianMilliseconds(network, [b, 3, 8, 8], Quick))];
    }, machine);

    [Fact]
    public void The_latency_metrics_exist_beside_the_counted_ones_and_are_measured_in_milliseconds()
    {
        TorchTestSetup.Initialize();
        var model = Model();

        var costs = model.Costs(SearchSpaceRegistry.Nb201.Sample(new Random(2)));

        Assert.Equal(["latency1", "latency64"], model.Metrics.Where(LatencyCostModel.IsLatencyMetric));
        Assert.Contains("params", model.Metrics);
        Assert.InRange(costs["latency1"], 1e-4, 1_000);
        Assert.InRange(costs["latency64"], 1e-4, 10_000);
        Assert.True(costs["params"] > 0);
    }

    [Fact]
    public void A_second_request_for_the_same_architecture_is_not_measured_again()
    {
        TorchTestSetup.Initialize();
        var model = Model();
        var cell = SearchSpaceRegistry.Nb201.Sample(new Random(3));

        var first = model.Costs(cell);
        var second = model.Costs(cell);

        Assert.Equal(1, model.Measurements);
        Assert.Equal(first["latency1"], second["latency1"]);
        Assert.Equal(first["latency64"], second["latency64"]);
    }

    [Fact]
    public void The_run_cache_file_is_read_back_on_the_same_machine_only()
    {
        TorchTestSetup.Initialize();
        var path = Path.Combine(_dir, "latency.json");
        var cell = SearchSpaceRegistry.Nb201.Sample(new Random(4));
        var first = Model();
        first.UseCacheFile(path);
        var measured = first.Costs(cell)["latency1"];

        var resumed = Model();
        resumed.UseCacheFile(path);
        var elsewhere = Model("another machine");
        elsewhere.UseCacheFile(path);

        Assert.Equal(measured, resumed.Costs(cell)["latency1"]);
        Assert.Equal(0, resumed.Measurements);
        elsewhere.Costs(cell);
        Assert.Equal(1, elsewhere.Measurements);
        Assert.Contains("\"machine\": \"another machine\"", File.ReadAllText(path));
    }

    [Fact]
    public void A_latency_constraint_parses_with_milliseconds_and_validates_against_the_search_cost_model()
    {
        var constraint = CostConstraint.Parse("latency1<=5ms");
        var options = new SearchOptions { Objectives = new ObjectiveOptions { Constraints = [constraint] } };

        var costs = TorchCostModels.For(options, SearchSpaceRegistry.Nb201);

        Assert.Equal(new CostConstraint("latency1", 5), constraint);
        Assert.IsType<LatencyCostModel>(costs);
        Assert.Contains(LatencyCostModel.Describe(new LatencyOptions()), ((IMachineSpecificCosts)costs!).Machine);
        options.Objectives.Validate(costs);
    }

    [Fact]
    public void Without_a_latency_metric_the_search_is_not_timed()
    {
        var options = new SearchOptions { Objectives = new ObjectiveOptions { Constraints = [CostConstraint.Parse("params<=1M")] } };

        Assert.IsNotType<LatencyCostModel>(TorchCostModels.For(options, SearchSpaceRegistry.Nb201));
        Assert.IsType<RecurrentCostModel>(TorchCostModels.For(options, SearchSpaceRegistry.EnasRnn));
    }
}
