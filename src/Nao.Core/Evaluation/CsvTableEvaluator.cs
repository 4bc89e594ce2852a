using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Evaluation;

/// <summary>
/// Scores an architecture by looking it up in any CSV table of a search space: one column holds the architecture
/// text, the chosen numeric column is the score, and every numeric cell of the row is recorded as a metric. Keys are
/// parsed by the space and compared by canonical text, so a row written in another equivalent form (a node's two
/// branches in the other order) still matches. Optional seeded noise simulates the run-to-run spread of training.
/// </summary>
public sealed class CsvTableEvaluator : IEvaluator
{
    private const int ErrorsShown = 5;

    private readonly CsvTableEvaluatorOptions _options;
    private readonly ISearchSpace _space;
    private readonly string[] _columns;
    private readonly int _metric;
    private readonly Dictionary<string, (int Line, double[] Values)> _rows;

    /// <summary>Loads the table.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">
    /// A column is missing (the message lists the columns), or rows do not parse as architectures of the space (the
    /// message names the file, the lines and the parse errors).
    /// </exception>
    public CsvTableEvaluator(CsvTableEvaluatorOptions options, ISearchSpace space)
    {
        options.Validate();
        _options = options;
        _space = space;
        if (!File.Exists(options.Path)) throw new FileNotFoundException($"Table '{options.Path}' does not exist.", options.Path);
        using var stream = File.OpenRead(options.Path);
        using var reader = new StreamReader(options.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        var header = reader.ReadLine() is { } first ? SplitCsv(first).Select(c => c.Trim()).ToArray()
            : throw new InvalidDataException($"{options.Path}: the file is empty; expected a header with a '{options.KeyColumn}' column.");
        var key = Column(header, options.KeyColumn, "architecture column");
        _columns = header;
        _metric = Column(header, options.Metric, "metric");
        _rows = Read(reader, header.Length, key);
    }

    /// <summary>The metric used as the score, as the table spells it.</summary>
    public string Metric => _columns[_metric];

    /// <summary>The number of architectures in the table.</summary>
    public int Count => _rows.Count;

    /// <inheritdoc />
    public string Name => $"{Path.GetFileName(_options.Path)} {Metric}" +
        (_options.NoiseStd > 0 ? string.Create(CultureInfo.InvariantCulture, $" + noise σ={_options.NoiseStd}") : "");

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_rows.TryGetValue(Key(genotype), out var row))
        {
            return Task.FromResult(EvaluationResult.Failed($"{genotype} is not in the table {_options.Path}."));
        }
        var metrics = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < _columns.Length; c++)
        {
            if (!double.IsNaN(row.Values[c])) metrics[_columns[c]] = row.Values[c];
        }
        var score = row.Values[_metric];
        if (double.IsNaN(score))
        {
            return Task.FromResult(EvaluationResult.Failed(
                string.Create(CultureInfo.InvariantCulture, $"{genotype} has no numeric {Metric} in {_options.Path} (line {row.Line})."), metrics.ToImmutable()));
        }
        var noisy = score + (_options.NoiseStd > 0 ? _options.NoiseStd * ArchitectureNoise.Draw(genotype, _options.NoiseSeed) : 0);
        return Task.FromResult(EvaluationResult.Ok(noisy, metrics.ToImmutable()));
    }

    /// <summary>The genotype's canonical text in this space (a genotype of an equal space type may be given).</summary>
    private string Key(Genotype genotype)
    {
        if (_rows.ContainsKey(genotype.Canonical)) return genotype.Canonical;
        try
        {
            return _space.Parse(genotype.Canonical).Canonical;
        }
        catch (ArchitectureFormatException)
        {
            return genotype.Canonical;
        }
    }

    private int Column(string[] header, string name, string role)
    {
        var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new InvalidDataException(
            $"{_options.Path}: no column '{name}' for the {role}; the columns are: {string.Join(", ", header)}.");
    }

    private Dictionary<string, (int Line, double[] Values)> Read(StreamReader reader, int width, int key)
    {
        var rows = new Dictionary<string, (int Line, double[] Values)>(StringComparer.Ordinal);
        var errors = new List<string>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var cells = SplitCsv(text);
            if (cells.Count != width)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: {cells.Count} columns, but the header has {width}"));
                continue;
            }
            string canonical;
            try
            {
                canonical = _space.Parse(cells[key].Trim()).Canonical;
            }
            catch (ArchitectureFormatException e)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: '{cells[key]}' is not a {_space.Name} architecture: {e.Message}"));
                continue;
            }
            var values = cells.Select(c => double.TryParse(c.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            values[key] = double.NaN;
            if (!rows.TryAdd(canonical, (line, values)))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {line}: the architecture of line {rows[canonical].Line} again ({canonical})"));
            }
        }
        if (errors.Count > 0)
        {
            var more = errors.Count > ErrorsShown ? string.Create(CultureInfo.InvariantCulture, $"; and {errors.Count - ErrorsShown} more bad rows") : "";
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{_options.Path}: {errors.Count} bad row{(errors.Count == 1 ? "" : "s")}: {string.Join("; ", errors.Take(ErrorsShown))}{more}."));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{_options.Path}: the table has a header but no rows.");
        return rows;
    }

    /// <summary>Splits one CSV record: commas separate cells, double quotes enclose cells with commas ("" is a quote).</summary>
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') cell.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
