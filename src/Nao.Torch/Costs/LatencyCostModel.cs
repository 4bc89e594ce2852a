using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Genotypes;
using Nao.Objectives;

namespace Nao.Costs;

/// <summary>
/// Adds measured latency to a cost model's exact costs: <c>latency1</c> and <c>latency64</c>, the milliseconds of one
/// forward pass at batch 1 and at batch 64 on this machine (<see cref="LatencyMeter"/>). Each architecture is measured
/// once per run: in memory, and in the run's cache file when one is attached. The numbers are machine-specific, so the
/// file records <see cref="Machine"/> and is only read back on the same machine with the same settings.
/// </summary>
public sealed class LatencyCostModel : ICostModel, IMachineSpecificCosts
{
    /// <summary>Latency at batch 1, in milliseconds.</summary>
    public const string Batch1 = "latency1";

    /// <summary>Latency at batch 64, in milliseconds.</summary>
    public const string Batch64 = "latency64";

    private static readonly int[] BatchSizes = [1, 64];
    private readonly ICostModel _inner;
    private readonly Func<Genotype, IReadOnlyList<int>, double[]> _measure;
    private readonly ConcurrentDictionary<string, double[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _fileGate = new();
    private string? _cacheFile;
    private int _measurements;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The exact costs (params, flops).</param>
    /// <param name="measure">Milliseconds per forward pass of an architecture at each batch size, in order.</param>
    /// <param name="machine">What the numbers depend on (see <see cref="Describe"/>).</param>
    public LatencyCostModel(ICostModel inner, Func<Genotype, IReadOnlyList<int>, double[]> measure, string machine)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _measure = measure ?? throw new ArgumentNullException(nameof(measure));
        Machine = machine;
        Metrics = [.. inner.Metrics, Batch1, Batch64];
    }

    /// <summary>Whether <paramref name="metric"/> is one of the latency metrics.</summary>
    public static bool IsLatencyMetric(string metric) => metric is Batch1 or Batch64;

    /// <summary>The machine description for measurements with <paramref name="options"/> on this machine.</summary>
    public static string Describe(LatencyOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{LatencyMeter.CpuModel()}; {options.Threads} torch thread(s); median of {options.Runs} runs after {options.Warmup} warm-up");

    /// <inheritdoc />
    public IReadOnlyList<string> Metrics { get; }

    /// <inheritdoc />
    public string Machine { get; }

    /// <summary>Architectures measured by this instance (not read from memory or the cache file).</summary>
    public int Measurements => Volatile.Read(ref _measurements);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Costs(Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        var costs = new Dictionary<string, double>(_inner.Costs(genotype), StringComparer.Ordinal);
        var measuredNow = false;
        var latency = _cache.GetOrAdd(genotype.Canonical, _ =>
        {
            var measured = _measure(genotype, BatchSizes);
            Interlocked.Increment(ref _measurements);
            measuredNow = true;
            return measured;
        });
        costs[Batch1] = latency[0];
        costs[Batch64] = latency[1];
        if (measuredNow) Save();
        return costs;
    }

    /// <inheritdoc />
    public (double Min, double Max)? Range(string metric) => IsLatencyMetric(metric) ? null : _inner.Range(metric);

    /// <inheritdoc />
    public void UseCacheFile(string path)
    {
        lock (_fileGate)
        {
            _cacheFile = path;
            if (!File.Exists(path)) return;
            try
            {
                var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                if ((string?)root["machine"] != Machine) return;
                foreach (var (architecture, value) in root["architectures"]!.AsObject())
                {
                    _cache.TryAdd(architecture, [(double)value![Batch1]!, (double)value[Batch64]!]);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                // A damaged cache is measured again and rewritten: it only saves time.
            }
        }
    }

    private void Save()
    {
        lock (_fileGate)
        {
            if (_cacheFile is null) return;
            var architectures = new JsonObject();
            foreach (var (architecture, values) in _cache.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                architectures[architecture] = new JsonObject { [Batch1] = values[0], [Batch64] = values[1] };
            }
            var root = new JsonObject { ["machine"] = Machine, ["unit"] = "ms", ["architectures"] = architectures };
            var temporary = _cacheFile + ".tmp";
            File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, _cacheFile, overwrite: true);
        }
    }
}
