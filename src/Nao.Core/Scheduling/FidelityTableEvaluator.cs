using System.Collections.Immutable;
using System.Globalization;
using Nao.Benchmarks;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Scheduling;

/// <summary>
/// A simulated training at several fidelities from a table's columns: on NAS-Bench-201, 12 epochs read
/// <c>c10valid_val12</c> and 200 epochs read <c>c10valid_val200_mean</c> (or the CIFAR-100 / ImageNet16-120 pair). The
/// metrics hold only the column of the trial's fidelity (a cheap trial must not carry its full score along) and the
/// trial's cost, fidelity / full fidelity, so a run's cost is known exactly.
/// </summary>
public sealed class FidelityTableEvaluator : ITrialAwareEvaluator
{
    private readonly TabularBenchmark _table;
    private readonly IReadOnlyDictionary<double, string> _metrics;
    private readonly double _full;

    /// <summary>Creates the evaluator; <paramref name="metricByFidelity"/> names the column of each fidelity.</summary>
    /// <exception cref="SearchSpaces.UnknownNameException">A column is not in the table.</exception>
    public FidelityTableEvaluator(TabularBenchmark table, IReadOnlyDictionary<double, string> metricByFidelity)
    {
        foreach (var metric in metricByFidelity.Values) table.MetricIndex(metric);
        _table = table;
        _metrics = metricByFidelity;
        _full = metricByFidelity.Keys.Max();
    }

    /// <summary>
    /// The NAS-Bench-201 fidelities of a 200-epoch metric: 12 → its <c>_val12</c> column, 200 → itself.
    /// </summary>
    /// <exception cref="ArgumentException">The metric is not a NAS-Bench-201 200-epoch validation column, or the fidelities are not 12 and 200.</exception>
    public static FidelityTableEvaluator Nb201(TabularBenchmark table, string metric, IReadOnlyList<double> fidelities)
    {
        if (!metric.EndsWith("_val200_mean", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The benchmark's fidelities are its 12- and 200-epoch columns, so the metric must be a *_val200_mean column (e.g. c10valid_val200_mean); got {metric}.");
        }
        if (fidelities.Count != 2 || fidelities[0] != 12 || fidelities[1] != 200)
        {
            throw new ArgumentException($"NAS-Bench-201 has two fidelities, 12 and 200 epochs; use --fidelities 12,200 (got {string.Join(",", fidelities.Select(f => f.ToString(CultureInfo.InvariantCulture)))}).");
        }
        return new FidelityTableEvaluator(table, new Dictionary<double, string> { [12] = metric.Replace("_val200_mean", "_val12", StringComparison.Ordinal), [200] = metric });
    }

    /// <inheritdoc />
    public string Name => $"{_table.Source} at fidelities {string.Join(", ", _metrics.OrderBy(m => m.Key).Select(m => $"{m.Key.ToString(CultureInfo.InvariantCulture)} ({m.Value})"))}";

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(new TrialContext { Index = 0, Round = 0, Genotype = genotype, Tokens = [] }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Metrics: the fidelity's column, <c>fidelity</c> and <c>cost</c>.</remarks>
    /// <exception cref="ArgumentException">The fidelity is not one of the table's.</exception>
    public Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fidelity = context.Fidelity ?? _full;
        if (!_metrics.TryGetValue(fidelity, out var metric))
        {
            throw new ArgumentException($"The table has no fidelity {fidelity}; it has {string.Join(", ", _metrics.Keys.Order())}.");
        }
        if (_table.Lookup(context.Genotype, metric) is not { } score)
        {
            return Task.FromResult(EvaluationResult.Failed($"{context.Genotype} has no {metric} value in {_table.Source}."));
        }
        var metrics = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, double>
        {
            [metric] = score, ["fidelity"] = fidelity, ["cost"] = fidelity / _full,
        });
        return Task.FromResult(EvaluationResult.Ok(score, metrics));
    }
}
