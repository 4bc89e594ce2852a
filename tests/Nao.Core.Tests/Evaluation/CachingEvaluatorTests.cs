using Nao.Evaluation;
using Nao.Tests.Experiments;

namespace Nao.Tests.Evaluation;

public sealed class CachingEvaluatorTests
{
    [Fact]
    public async Task Repeated_and_concurrent_requests_for_one_architecture_evaluate_it_once()
    {
        var inner = new FunctionEvaluator(SmoothTable.Score, _ => Task.Delay(30));
        var cache = new CachingEvaluator(inner);
        var genotype = Searches.Space.Sample(new Random(3));

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => cache.EvaluateAsync(genotype, CancellationToken.None)));
        var again = await cache.EvaluateAsync(genotype, CancellationToken.None);

        Assert.Equal(1, inner.TotalCalls);
        Assert.All(results, r => Assert.Equal(SmoothTable.Score(genotype), r.Score));
        Assert.Equal(results[0], again);
    }

    [Fact]
    public async Task Failures_are_not_cached_so_they_are_retried()
    {
        var calls = 0;
        var cache = new CachingEvaluator(new FlakyEvaluator(() => ++calls == 1));
        var genotype = Searches.Space.Sample(new Random(4));

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.EvaluateAsync(genotype, CancellationToken.None));
        var second = await cache.EvaluateAsync(genotype, CancellationToken.None);

        Assert.True(second.IsOk);
        Assert.Equal(2, calls);
    }

    private sealed class FlakyEvaluator(Func<bool> fail) : IEvaluator
    {
        public string Name => "flaky";

        public Task<EvaluationResult> EvaluateAsync(Nao.Genotypes.Genotype genotype, CancellationToken cancellationToken) =>
            fail() ? throw new InvalidOperationException("flaky") : Task.FromResult(EvaluationResult.Ok(1));
    }
}
