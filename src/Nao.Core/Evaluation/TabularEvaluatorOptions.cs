namespace Nao.Evaluation;

/// <summary>Settings of the tabular benchmark evaluator.</summary>
public sealed record TabularEvaluatorOptions
{
    /// <summary>A NAS-Bench-201-format CSV (plain or .gz); null for the table embedded in Nao. Default: null.</summary>
    public string? BenchmarkPath { get; init; }

    /// <summary>The metric column used as the score. Default: <c>c10valid_val200_mean</c> (CIFAR-10 validation accuracy).</summary>
    public string Metric { get; init; } = Benchmarks.TabularBenchmark.DefaultMetric;

    /// <summary>
    /// Standard deviation of Gaussian noise added to the score, in the metric's units, to simulate training noise;
    /// 0 for the exact table value. Default: 0.
    /// </summary>
    public double NoiseStd { get; init; }

    /// <summary>Seed of the noise: the same seed and architecture always get the same noise. Default: 0.</summary>
    public int NoiseSeed { get; init; }

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(NoiseStd >= 0) || double.IsInfinity(NoiseStd)) throw new ArgumentException($"The benchmark noise must be a finite number ≥ 0; got {NoiseStd}.");
        if (string.IsNullOrWhiteSpace(Metric)) throw new ArgumentException("The benchmark metric is empty; name a column of the table, e.g. c10valid_val200_mean.");
    }
}
