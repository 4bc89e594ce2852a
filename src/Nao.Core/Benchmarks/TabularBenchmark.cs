using System.Globalization;
using System.IO.Compression;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Benchmarks;

/// <summary>
/// A table of fully trained architectures (NAS-Bench-201 format: an <c>arch_str</c> column and numeric metric
/// columns). Lookups are by architecture, so a strategy can be run thousands of times at no training cost. Rows are
/// keyed by canonical text, so a genotype of any space with NAS-Bench-201's canonical form (e.g. an equivalent
/// file-defined space) finds its row.
/// </summary>
public sealed class TabularBenchmark
{
    /// <summary>The metric searched by default: CIFAR-10 validation accuracy after 200 epochs.</summary>
    public const string DefaultMetric = "c10valid_val200_mean";

    private const string EmbeddedResource = "Nao.Benchmarks.nas-bench-201.csv.gz";
    private static readonly Lazy<TabularBenchmark> Embedded = new(LoadEmbedded);
    private readonly Dictionary<string, double[]> _rows;
    private readonly string[] _metrics;

    private TabularBenchmark(string source, ISearchSpace space, string[] metrics, Dictionary<string, double[]> rows, Genotype[] architectures)
    {
        Source = source;
        Space = space;
        _metrics = metrics;
        _rows = rows;
        Architectures = architectures;
    }

    /// <summary>Where the table came from: a path, or "embedded NAS-Bench-201".</summary>
    public string Source { get; }

    /// <summary>The search space of the architectures.</summary>
    public ISearchSpace Space { get; }

    /// <summary>The metric column names.</summary>
    public IReadOnlyList<string> Metrics => _metrics;

    /// <summary>Every architecture in the table, in file order.</summary>
    public IReadOnlyList<Genotype> Architectures { get; }

    /// <summary>The number of architectures.</summary>
    public int Count => _rows.Count;

    /// <summary>
    /// The NAS-Bench-201 table shipped inside Nao: validation accuracies of CIFAR-10, CIFAR-100 and ImageNet16-120 after
    /// 200 epochs (<c>*_val200_mean</c>) and after 12 epochs (<c>*_val12</c>, a cheap fidelity for multi-fidelity search).
    /// </summary>
    public static TabularBenchmark Nb201 => Embedded.Value;

    /// <summary>Loads a NAS-Bench-201-format CSV file (plain or .gz).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a NAS-Bench-201 table; the message names the line and the problem.</exception>
    public static TabularBenchmark Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Benchmark file '{path}' does not exist. Pass the path of a NAS-Bench-201 CSV (for example ../shared/benchmarks/nas-bench-201.csv), or omit the option to use the embedded table.", path);
        }
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        return Read(reader, path);
    }

    /// <summary>The metric's value for an architecture, or null when the table lacks the architecture.</summary>
    /// <exception cref="UnknownNameException">No such metric.</exception>
    public double? Lookup(Genotype genotype, string metric = DefaultMetric)
    {
        var column = MetricIndex(metric);
        return _rows.TryGetValue(genotype.Canonical, out var values) && !double.IsNaN(values[column]) ? values[column] : null;
    }

    /// <summary>The best (largest) value of a metric over the table.</summary>
    public double Best(string metric = DefaultMetric)
    {
        var column = MetricIndex(metric);
        return _rows.Values.Select(v => v[column]).Where(v => !double.IsNaN(v)).Max();
    }

    /// <summary>The column index of a metric.</summary>
    /// <exception cref="UnknownNameException">No such metric; the message lists them.</exception>
    public int MetricIndex(string metric)
    {
        var index = Array.FindIndex(_metrics, m => string.Equals(m, metric, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new UnknownNameException("metric", metric, _metrics);
    }

    private static TabularBenchmark LoadEmbedded()
    {
        using var stream = typeof(TabularBenchmark).Assembly.GetManifestResourceStream(EmbeddedResource)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedResource} is missing from Nao.Core.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        return Read(reader, "embedded NAS-Bench-201");
    }

    private static TabularBenchmark Read(TextReader reader, string source)
    {
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{source}: the file is empty; expected a CSV header with an arch_str column.");
        var archColumn = Array.IndexOf(header, "arch_str");
        if (archColumn < 0)
        {
            throw new InvalidDataException($"{source}: the header has no 'arch_str' column, so this is not a NAS-Bench-201 table. Header: {string.Join(",", header)}");
        }
        // Metrics are the numeric columns other than bookkeeping (index, op code, seed counts).
        var metricColumns = Enumerable.Range(0, header.Length)
            .Where(i => i != archColumn && header[i] is not ("nb201_index" or "op_code") && !header[i].EndsWith("_nseeds", StringComparison.Ordinal))
            .ToArray();
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var architectures = new List<Genotype>();
        var space = SearchSpaceRegistry.Nb201;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: {cells.Length} columns, but the header has {header.Length}.");
            }
            Genotype genotype;
            try
            {
                genotype = space.Parse(cells[archColumn]);
            }
            catch (ArchitectureFormatException e)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: bad architecture: {e.Message}");
            }
            var values = new double[metricColumns.Length];
            for (var m = 0; m < metricColumns.Length; m++)
            {
                var cell = cells[metricColumns[m]];
                values[m] = cell.Length == 0 ? double.NaN
                    : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new InvalidDataException($"{source}, line {lineNumber}: column {header[metricColumns[m]]} holds '{cell}', not a number.");
            }
            if (!rows.TryAdd(genotype.Canonical, values))
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: architecture {genotype} appears twice.");
            }
            architectures.Add(genotype);
        }
        if (rows.Count == 0) throw new InvalidDataException($"{source}: the table has a header but no rows.");
        return new TabularBenchmark(source, space, [.. metricColumns.Select(i => header[i])], rows, [.. architectures]);
    }
}
