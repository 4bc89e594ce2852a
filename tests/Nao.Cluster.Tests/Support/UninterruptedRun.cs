using Nao.Experiments;
using Nao.Search;
using Nao.Sessions;
using Nao.Storage;
using Nao.Strategies;

namespace Nao.Tests.Support;

/// <summary>The cluster fault tests' verdict: a run folder holds exactly the trials of the same search run in one process.</summary>
public static class UninterruptedRun
{
    /// <summary>
    /// Asserts that <paramref name="run"/> has <paramref name="budget"/> finished trials, indexed 0…budget-1, equal
    /// trial by trial (architecture and score) to the same options run in this process without sleep or failures.
    /// </summary>
    public static async Task AssertEqualAsync(string run, int budget)
    {
        using var store = RunStore.Open(run);
        var trials = store.LoadTrials();
        Assert.Equal(budget, trials.Count);
        Assert.Equal(Enumerable.Range(0, budget), trials.Select(t => t.Index));
        Assert.All(trials, t => Assert.Equal(TrialStatus.Ok, t.Status));

        var options = store.Options with { Sleep = new Evaluation.SleepEvaluatorOptions { Seconds = 0 } };
        var memory = new MemoryTrialStore();
        await new SearchRunner(SearchParts.Core).RunAsync(options, memory, new NoCheckpoints(), null, CancellationToken.None);
        var expected = memory.LoadTrials();
        Assert.Equal(expected.Select(t => t.Genotype.Canonical), trials.Select(t => t.Genotype.Canonical));
        Assert.Equal(expected.Select(t => t.Score), trials.Select(t => t.Score));
    }
}
