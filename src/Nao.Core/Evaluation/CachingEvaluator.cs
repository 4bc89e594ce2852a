using System.Collections.Concurrent;
using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>
/// A decorator that evaluates each architecture once: later and concurrent requests for the same architecture share
/// the first one's result. Failures and cancellations are not cached, so they are retried.
/// </summary>
public sealed class CachingEvaluator(IEvaluator inner) : IEvaluator
{
    private readonly ConcurrentDictionary<Genotype, Lazy<Task<EvaluationResult>>> _cache = new();

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <summary>How many distinct architectures the inner evaluator was asked for.</summary>
    public int InnerCalls => _cache.Count;

    /// <inheritdoc />
    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        var entry = _cache.GetOrAdd(genotype, g => new Lazy<Task<EvaluationResult>>(() => inner.EvaluateAsync(g, cancellationToken)));
        try
        {
            var result = await entry.Value.WaitAsync(cancellationToken);
            if (!result.IsOk) _cache.TryRemove(new KeyValuePair<Genotype, Lazy<Task<EvaluationResult>>>(genotype, entry));
            return result;
        }
        catch
        {
            _cache.TryRemove(new KeyValuePair<Genotype, Lazy<Task<EvaluationResult>>>(genotype, entry));
            throw;
        }
    }
}
