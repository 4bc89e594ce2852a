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
/// settings and with the ones Nao's TorchRuntime sets (MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_); --python-onednn off|both
/// adds PyTorch without oneDNN, the kernels Nao runs (StepReference).
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
        Console.WriteLine(nao.Line("nao"));
        if (o.SkipPython) return 0;

        var reference = StepReference.Run("cnn_step.py", ["--layers", $"{o.Layers}", "--filters", $"{o.Filters}", "--batch", $"{o.Batch}",
            "--warmup", $"{o.Warmup}", "--steps", $"{o.Steps}", "--threads", $"{o.Threads}", "--format", o.Format], o.PythonMalloc, o.PythonOneDnn);
        foreach (var (label, m) in reference)
        {
            if (m.Parameters != nao.Parameters)
            {
                Console.WriteLine($"warning: parameter counts differ ({nao.Parameters} vs {m.Parameters}); the networks are not the same.");
            }
            Console.WriteLine(nao.RatioLine(label, m));
        }
        return 0;
    }

    private static StepMeasurement MeasureNao(Options o)
    {
        TorchRuntime.Initialize(o.Threads);
        // Setting M_TRIM_THRESHOLD explicitly also stops glibc's dynamic mmap threshold, so this is close to, not
        // exactly, an untuned process.
        if (!o.Tuning) GlibcMalloc.RestoreDefaults();
        if (o.MmapFrom > 0) GlibcMalloc.MapChunksFrom(o.MmapFrom);
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

        return StepMeasurement.Time(Step, network.ParameterCount(), o.Batch, o.Warmup, o.Steps);
    }

    private sealed record Options(int Layers, int Filters, int Batch, int Warmup, int Steps, int Threads, string Format, bool Tuning,
        bool SkipPython, bool[] PythonMalloc, bool[] PythonOneDnn, bool Ops, int MmapFrom = 0)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(2, 16, 64, 5, 20, 2, "channels-last", true, false, [false, true], [true], false);
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
                    "--mmap-from" => o with { MmapFrom = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--ops" => o with { Ops = true },
                    "--python-malloc" => o with { PythonMalloc = StepReference.ParseMalloc(Next()) },
                    "--python-onednn" => o with { PythonOneDnn = StepReference.ParseOneDnn(Next()) },
                    var unknown => throw new ArgumentException(
                        $"Unknown option {unknown}. Options: --layers --filters --batch --warmup --steps --threads --format --no-tuning --no-python --python-malloc --python-onednn --ops --mmap-from BYTES (Nao maps chunks this large with mmap) (per-op CPU times; --steps is the iteration count)."),
                };
            }
            return o;
        }

        private static string CheckFormat(string value) =>
            value is "nchw" or "channels-last" ? value : throw new ArgumentException($"--format is channels-last or nchw (got {value}).");
    }
}
