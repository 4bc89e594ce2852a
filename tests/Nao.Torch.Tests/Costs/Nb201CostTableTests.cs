using System.Globalization;
using Nao.Costs;
using Nao.Genotypes;
using Nao.Networks.Nb201;
using Nao.SearchSpaces;
using Xunit.Abstractions;

namespace Nao.Tests.Costs;

public sealed class Nb201CostTableTests(ITestOutputHelper output)
{
    [Fact]
    public void The_table_from_five_measured_networks_equals_the_walker_on_random_architectures()
    {
        TorchTestSetup.Initialize();
        // Small networks (1 cell per stage, 4 channels, 8×8 input) keep the builds fast; additivity does not depend on size.
        var options = new Nb201NetworkOptions { Cells = 1, Channels = 4, InputSize = 8 };
        var table = Nb201CostMeasurement.Measure(options);
        var random = new Random(11);

        for (var i = 0; i < 12; i++)
        {
            var cell = (Nb201Genotype)SearchSpaceRegistry.Nb201.Sample(random);
            var walked = Nb201CostMeasurement.Count(cell, options);
            var summed = table.Costs(cell);
            Assert.Equal(walked["params"], summed["params"]);
            Assert.Equal(walked["flops"], summed["flops"]);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void At_the_benchmarks_size_the_table_equals_the_walker_and_spans_the_published_range()
    {
        TorchTestSetup.Initialize();
        var table = Nb201CostMeasurement.Measure();
        var random = new Random(5);
        for (var i = 0; i < 4; i++)
        {
            var cell = (Nb201Genotype)SearchSpaceRegistry.Nb201.Sample(random);
            Assert.Equal(Nb201CostMeasurement.Count(cell, new Nb201NetworkOptions())["params"], table.Costs(cell)["params"]);
            Assert.Equal(Nb201CostMeasurement.Count(cell, new Nb201NetworkOptions())["flops"], table.Costs(cell)["flops"]);
        }
        var all = SpaceCells().Select(table.Costs).ToList();
        foreach (var metric in new[] { "params", "flops" })
        {
            var sorted = all.Select(c => c[metric]).Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{metric}: min {sorted[0]} p25 {sorted[sorted.Length / 4]} median {sorted[sorted.Length / 2]} max {sorted[^1]}"));
        }
        // NAS-Bench-201's CIFAR-10 networks range from about 0.07 M to 1.53 M parameters.
        Assert.InRange(table.Range("params")!.Value.Min, 0.05e6, 0.1e6);
        Assert.InRange(table.Range("params")!.Value.Max, 1.4e6, 1.6e6);
    }

    private static IEnumerable<Nb201Genotype> SpaceCells()
    {
        var ops = Enum.GetValues<Nb201Operation>();
        for (var code = 0; code < 15625; code++)
        {
            var edges = new Nb201Operation[6];
            var rest = code;
            for (var e = 0; e < 6; e++) { edges[e] = ops[rest % 5]; rest /= 5; }
            yield return new Nb201Genotype(edges);
        }
    }
}
