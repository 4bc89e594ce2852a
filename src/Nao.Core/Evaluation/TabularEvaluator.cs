using System.Collections.Immutable;
using System.Globalization;
using Nao.Benchmarks;
using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>
/// Scores an architecture by looking it up in a tabular benchmark (NAS-Bench-201): the chosen metric is the score,
/// and every metric of the row is recorded. Optional seeded noise simulates the run-to-run spread of real training.
/// </summary>
public sealed class TabularEvaluator : IEvaluator
{
    private readonly TabularBenchmark _table;
    private readonly TabularEvaluatorOptions _options;
    private readonly int _metric;

    /// <summary>Creates the evaluator over a loaded table.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="SearchSpaces.UnknownNameException">The table has no such metric; the message lists them.</exception>
    public TabularEvaluator(TabularBenchmark table, TabularEvaluatorOptions options)
    {
        options.Validate();
        _table = table;
        _options = options;
        _metric = table.MetricIndex(options.Metric);
    }

    /// <summary>The table.</summary>
    public TabularBenchmark Table => _table;

    /// <summary>The metric used as the score, as the table spells it.</summary>
    public string Metric => _table.Metrics[_metric];

    /// <inheritdoc />
    public string Name => $"{_table.Source} {Metric}" + (_options.NoiseStd > 0 ? $" + noise σ={_options.NoiseStd.ToString(CultureInfo.InvariantCulture)}" : "");

    /// <summary>Loads the table the options name (the embedded one by default) and creates the evaluator.</summary>
    /// <exception cref="FileNotFoundException">The benchmark file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a NAS-Bench-201 table.</exception>
    public static TabularEvaluator Create(TabularEvaluatorOptions options) =>
        new(options.BenchmarkPath is null ? TabularBenchmark.Nb201 : TabularBenchmark.Load(options.BenchmarkPath), options);

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var score = _table.Lookup(genotype, Metric);
        var metrics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var name in _table.Metrics)
        {
            if (_table.Lookup(genotype, name) is { } value) metrics[name] = value;
        }
        if (score is null)
        {
            return Task.FromResult(EvaluationResult.Failed($"{genotype} has no {Metric} value in {_table.Source}.", metrics.ToImmutable()));
        }
        var noisy = score.Value + (_options.NoiseStd > 0 ? _options.NoiseStd * ArchitectureNoise.Draw(genotype, _options.NoiseSeed) : 0);
        return Task.FromResult(EvaluationResult.Ok(noisy, metrics.ToImmutable()));
    }
}
