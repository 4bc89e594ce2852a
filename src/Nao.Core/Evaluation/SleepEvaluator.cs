using System.Globalization;
using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>
/// A deterministic slow fake: waits a fixed time, then returns what the inner evaluator (the NAS-Bench-201 table)
/// says. Waiting costs no CPU, so it stands in for a long training run in tests of parallel and distributed searches,
/// and gives scaling measurements that a machine shared with other work cannot distort.
/// </summary>
public sealed class SleepEvaluator : IEvaluator
{
    private readonly IEvaluator _inner;
    private readonly TimeSpan _delay;

    /// <summary>Creates the evaluator around the one that produces the scores.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public SleepEvaluator(IEvaluator inner, SleepEvaluatorOptions options)
    {
        options.Validate();
        _inner = inner;
        _delay = TimeSpan.FromSeconds(options.Seconds);
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{_inner.Name}, after {_delay.TotalSeconds:0.###} s of sleep");

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        await Task.Delay(_delay, cancellationToken).ConfigureAwait(false);
        return await _inner.EvaluateAsync(genotype, cancellationToken).ConfigureAwait(false);
    }
}
