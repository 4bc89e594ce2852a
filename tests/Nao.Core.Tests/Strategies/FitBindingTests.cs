using Nao.Experiments;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Strategies;

/// <summary>
/// A fit's binding changes with anything that changes the fit (the data, its order, a score's last bit, the previous
/// fit) and with nothing else, so a resumed search asks for exactly the checkpoints it saved.
/// </summary>
public sealed class FitBindingTests
{
    private static readonly List<ScoredArchitecture> Data =
        [.. Enumerable.Range(0, 5).Select(i => new ScoredArchitecture(Searches.Space.Sample(new Random(i)), 90 + i / 3.0))];

    [Fact]
    public void The_binding_depends_on_the_data_its_order_each_score_bit_and_the_previous_fit()
    {
        var binding = FitBinding.Of(2, 7, Data, previous: null);

        Assert.Equal(binding, FitBinding.Of(2, 7, [.. Data], previous: null));
        var nudged = Data.Select((d, i) => i == 3 ? d with { Score = Math.BitIncrement(d.Score) } : d).ToList();
        Assert.NotEqual(binding.Data, FitBinding.Of(2, 7, nudged, previous: null).Data);
        Assert.NotEqual(binding.Data, FitBinding.Of(2, 7, [.. Enumerable.Reverse(Data)], previous: null).Data);
        Assert.NotEqual(binding.Data, FitBinding.Of(2, 7, Data[..4], previous: null).Data);
        Assert.NotEqual(binding.Data, FitBinding.Of(2, 7, Data, previous: FitBinding.Of(1, 3, Data[..2], null)).Data);
    }

    [Fact]
    public void A_resumed_nao_search_asks_for_the_bindings_it_saved_and_loads_every_round_without_fitting()
    {
        var options = new NaoOptions { InitialPoolSize = 8, SeedCount = 4, ProposalsPerRound = 5 };
        var store = new MemoryTrialStore();
        using var checkpoints = new MemoryCheckpoints();
        using (var first = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100))
        {
            Searches.Run(new NaoStrategy(Searches.Space, options, first, checkpoints, new Random(11)), new FunctionEvaluator(SmoothTable.Score), 28, store: store);
        }
        Assert.Equal([1, 2, 3, 4], checkpoints.Bindings.Keys.Order());

        using var resumed = new FakeOptimizer(Searches.Space, g => SmoothTable.Score(g) / 100);
        Searches.Run(new NaoStrategy(Searches.Space, options, resumed, checkpoints, new Random(11)), new FunctionEvaluator(SmoothTable.Score), 28, store: store);

        Assert.Empty(resumed.FitSizes);
        Assert.Equal(4, resumed.Loads);
    }
}
