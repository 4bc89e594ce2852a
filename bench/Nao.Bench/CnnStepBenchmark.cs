using System.Diagnostics;
using System.Globalization;
using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Bench;

/// <summary>
/// One SGD training step of NAONet (default N=2, F=16, batch 64, 32×32×3, 10 classes, no auxiliary head) on 2
/// threads: Nao's <see cref="CellNetwork"/> against the same network in PyTorch (bench/reference/cnn_step.py), with
/// the same warm-up and step counts, side by side in one run. PyTorch runs twice: with glibc's default allocator
/// settings and with the ones Nao's TorchRuntime sets (MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_).
/// </summary>
public sealed class CnnStepBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "cnn-step";

    /// <inheritdoc />
    public string Description => "NAONet training step (N=2, F=16, batch 64, 32x32x3, SGD, 2 threads): Nao vs PyTorch images/s";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var o = Options.Parse(args);
        if (o.Ops)
        {
            CnnOpTimings.Run(o.Threads, o.Steps);
            return 0;
        }
        Console.WriteLine($"cnn-step: NAONet N={o.Layers}, F={o.Filters}, batch {o.Batch}, 32x32x3, {o.Format}, {o.Threads} threads, warm-up {o.Warmup}, timed {o.Steps} steps");
        var nao = MeasureNao(o);
        Console.WriteLine(Line("nao", nao));
        if (o.SkipPython) return 0;

        var reference = new List<(string Label, Measurement M)>();
        foreach (var tuned in o.PythonMalloc)
        {
            // The child process inherits these: the same allocator settings Nao's TorchRuntime makes with mallopt.
            Environment.SetEnvironmentVariable("MALLOC_MMAP_MAX_", tuned ? "0" : null);
            Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", tuned ? "2147483647" : null);
            var lines = PythonReference.Run("cnn_step.py", "--layers", $"{o.Layers}", "--filters", $"{o.Filters}", "--batch", $"{o.Batch}",
                "--warmup", $"{o.Warmup}", "--steps", $"{o.Steps}", "--threads", $"{o.Threads}", "--format", o.Format);
            var m = Measurement.FromLines(lines);
            var label = tuned ? "pytorch (malloc tuned like Nao)" : "pytorch (default malloc)";
            reference.Add((label, m));
            Console.WriteLine(Line(label, m));
            if (m.Parameters != nao.Parameters)
            {
                Console.WriteLine($"warning: parameter counts differ ({nao.Parameters} vs {m.Parameters}); the networks are not the same.");
            }
        }
        foreach (var (label, m) in reference)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio nao / {label}: {nao.ImagesPerSecond / m.ImagesPerSecond:F2}x images/s (target >= 0.95), {m.CpuMsPerStep / nao.CpuMsPerStep:F2}x images per CPU-second, {nao.PeakRssMb / m.PeakRssMb:F2}x peak RSS"));
        }
        return 0;
    }

    private static Measurement MeasureNao(Options o)
    {
        if (o.Tuning) TorchRuntime.Initialize(o.Threads);
        else torch.set_num_threads(o.Threads);
        torch.manual_seed(0);
        var genotype = (ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype;
        using var network = new CellNetwork(genotype, new CellNetworkOptions
        {
            Layers = o.Layers, Filters = o.Filters, ChannelsLast = o.Format == "channels-last",
        });
        network.train();
        using var optimizer = torch.optim.SGD(network.parameters(), 0.024, momentum: 0.9, weight_decay: 5e-4);
        using var images = torch.randn(o.Batch, 3, 32, 32);
        using var labels = torch.randint(0, 10, [o.Batch], dtype: ScalarType.Int64);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(network.call(images).Logits, labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            loss.item<float>();
        }

        for (var i = 0; i < o.Warmup; i++) Step();
        using var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < o.Steps; i++) Step();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuStart).TotalMilliseconds / o.Steps;
        return new Measurement(network.ParameterCount(), 1000 * seconds / o.Steps, cpuMs, o.Batch * o.Steps / seconds, PeakRssMb());
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string Line(string label, Measurement m) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label,-34} {m.ImagesPerSecond,8:F1} images/s  {m.MsPerStep,8:F1} ms/step  {m.CpuMsPerStep,8:F1} CPU-ms/step  peak RSS {m.PeakRssMb,6:F0} MB  ({m.Parameters:N0} parameters)");

    /// <summary>One side's figures; CPU time is the whole process's, which on a busy machine is steadier than wall time.</summary>
    private sealed record Measurement(long Parameters, double MsPerStep, double CpuMsPerStep, double ImagesPerSecond, double PeakRssMb)
    {
        public static Measurement FromLines(IReadOnlyList<string> lines)
        {
            var values = lines.Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            double Get(string key) => double.Parse(values[key], CultureInfo.InvariantCulture);
            return new Measurement((long)Get("parameters"), Get("ms_per_step"), Get("cpu_ms_per_step"), Get("images_per_second"), Get("peak_rss_mb"));
        }
    }

    private sealed record Options(int Layers, int Filters, int Batch, int Warmup, int Steps, int Threads, string Format, bool Tuning,
        bool SkipPython, bool[] PythonMalloc, bool Ops)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(2, 16, 64, 5, 20, 2, "channels-last", true, false, [false, true], false);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                o = args[i] switch
                {
                    "--layers" => o with { Layers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--filters" => o with { Filters = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--batch" => o with { Batch = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--warmup" => o with { Warmup = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--steps" => o with { Steps = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--threads" => o with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--format" => o with { Format = CheckFormat(Next()) },
                    "--no-tuning" => o with { Tuning = false },
                    "--no-python" => o with { SkipPython = true },
                    "--ops" => o with { Ops = true },
                    "--python-malloc" => o with
                    {
                        PythonMalloc = Next() switch
                        {
                            "default" => [false],
                            "tuned" => [true],
                            "both" => [false, true],
                            var v => throw new ArgumentException($"--python-malloc is default, tuned or both (got {v})."),
                        },
                    },
                    var unknown => throw new ArgumentException(
                        $"Unknown option {unknown}. Options: --layers --filters --batch --warmup --steps --threads --format --no-tuning --no-python --python-malloc --ops (per-op CPU times; --steps is the iteration count)."),
                };
            }
            return o;
        }

        private static string CheckFormat(string value) =>
            value is "nchw" or "channels-last" ? value : throw new ArgumentException($"--format is channels-last or nchw (got {value}).");
    }
}
