using Microsoft.Extensions.DependencyInjection;
using Nao.Cluster.Grains;
using Nao.Evaluation;
using Orleans.Serialization;

namespace Nao.Tests.Coordinator;

public sealed class WireResultTests
{
    [Fact]
    public void A_learning_curve_survives_Orleans_serialization_and_the_conversions()
    {
        var curve = new CurvePoint[] { new(1, 0.5, new Dictionary<string, double> { ["loss"] = 2.5 }), new(2, 0.75) };
        var result = EvaluationResult.Ok(0.8, new Dictionary<string, double> { ["m"] = 1 }) with { Curve = curve };

        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(WireResult).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var wire = serializer.Deserialize<WireResult>(serializer.SerializeToArray(WireResult.From(result, seconds: 3)));
        var back = wire!.ToResult();

        Assert.Equal(0.8, back.Score);
        Assert.Equal([1.0, 2.0], back.Curve.Select(p => p.Step));
        Assert.Equal([0.5, 0.75], back.Curve.Select(p => p.Score));
        Assert.Equal(2.5, back.Curve[0].Metrics["loss"]);
        Assert.Empty(back.Curve[1].Metrics);
    }
}
