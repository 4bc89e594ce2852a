using System.Globalization;

namespace Nao.Evaluation;

/// <summary>Settings of the <see cref="CsvTableEvaluator"/>: which table, which column names the architecture, which is the score.</summary>
public sealed record CsvTableEvaluatorOptions
{
    /// <summary>The CSV file (plain or .gz) with a header row. Required. Default: empty (invalid).</summary>
    public string Path { get; init; } = "";

    /// <summary>The column holding each row's architecture, in the search space's text form. Default: <c>architecture</c>.</summary>
    public string KeyColumn { get; init; } = "architecture";

    /// <summary>The numeric column used as the score (higher is better). Default: <c>score</c>.</summary>
    public string Metric { get; init; } = "score";

    /// <summary>
    /// Standard deviation of Gaussian noise added to the score, in the metric's units, to simulate training noise;
    /// 0 for the exact table value. Default: 0.
    /// </summary>
    public double NoiseStd { get; init; }

    /// <summary>Seed of the noise: the same seed and architecture always get the same noise. Default: 0.</summary>
    public int NoiseSeed { get; init; }

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException("The table path is empty; give the CSV file of architectures and their scores.");
        if (string.IsNullOrWhiteSpace(KeyColumn)) throw new ArgumentException("The table's architecture column is empty; name the column that holds the architectures, e.g. architecture.");
        if (string.IsNullOrWhiteSpace(Metric)) throw new ArgumentException("The table metric is empty; name the numeric column to use as the score.");
        if (!(NoiseStd >= 0) || double.IsInfinity(NoiseStd))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The table noise must be a finite number ≥ 0; got {NoiseStd}."));
        }
    }
}
