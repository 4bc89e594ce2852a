using System.Globalization;
using Nao.Genotypes;
using Nao.Networks.Nb201;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Bench;

/// <summary>
/// One SGD training step (Nesterov momentum 0.9, weight decay 5e-4, NAS-Bench-201's optimizer) of the NAS-Bench-201
/// network (default N=5 cells per stage, C=16, batch 64 of 32×32×3, 10 classes): Nao's <see cref="Nb201Network"/>
/// against its PyTorch twin (bench/reference/nb201_step.py, written from the paper), side by side in one run. The
/// twin is given Nao's parameter count and exits with an error when its own differs, so the two are the same network.
/// </summary>
public sealed class Nb201StepBenchmark : IBenchmark
{
    /// <summary>The default cell: every op kind of the space but none, in one architecture.</summary>
    public const string DefaultArchitecture = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";

    /// <inheritdoc />
    public string Name => "nb201-step";

    /// <inheritdoc />
    public string Description => "NAS-Bench-201 network training step (N=5, C=16, batch 64, 32x32x3, SGD): Nao vs PyTorch images/s and peak memory";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var o = Options.Parse(args);
        Console.WriteLine($"nb201-step: {o.Architecture}, N={o.Cells}, C={o.Channels}, batch {o.Batch}, 32x32x3, {o.Format}, {o.Threads} threads, warm-up {o.Warmup}, timed {o.Steps} steps");
        var nao = MeasureNao(o);
        Console.WriteLine(nao.Line("nao"));
        if (o.SkipPython) return 0;
        var reference = StepReference.Run("nb201_step.py", ["--arch", o.Architecture, "--cells", $"{o.Cells}", "--channels", $"{o.Channels}",
            "--batch", $"{o.Batch}", "--warmup", $"{o.Warmup}", "--steps", $"{o.Steps}", "--threads", $"{o.Threads}", "--format", o.Format,
            "--expect-parameters", $"{nao.Parameters}"], o.PythonMalloc, o.PythonOneDnn);
        foreach (var (label, m) in reference) Console.WriteLine(nao.RatioLine(label, m));
        return 0;
    }

    private static StepMeasurement MeasureNao(Options o)
    {
        TorchRuntime.Initialize(o.Threads);
        torch.manual_seed(0);
        using var network = new Nb201Network(Nb201Genotype.Parse(o.Architecture), new Nb201NetworkOptions
        {
            Cells = o.Cells, Channels = o.Channels, ChannelsLast = o.Format == "channels-last",
        });
        network.train();
        using var optimizer = torch.optim.SGD(network.parameters(), 0.1, momentum: 0.9, weight_decay: 5e-4, nesterov: true);
        using var images = torch.randn(o.Batch, 3, 32, 32);
        using var labels = torch.randint(0, 10, [o.Batch], dtype: ScalarType.Int64);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(network.call(images), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            loss.item<float>();
        }

        return StepMeasurement.Time(Step, network.ParameterCount, o.Batch, o.Warmup, o.Steps);
    }

    private sealed record Options(string Architecture, int Cells, int Channels, int Batch, int Warmup, int Steps, int Threads, string Format,
        bool SkipPython, bool[] PythonMalloc, bool[] PythonOneDnn)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(DefaultArchitecture, 5, 16, 64, 3, 10, 2, "channels-last", false, [true], [true]);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--arch" => o with { Architecture = Nb201Genotype.Parse(Next()).Canonical },
                    "--cells" => o with { Cells = Int() },
                    "--channels" => o with { Channels = Int() },
                    "--batch" => o with { Batch = Int() },
                    "--warmup" => o with { Warmup = Int() },
                    "--steps" => o with { Steps = Int() },
                    "--threads" => o with { Threads = Int() },
                    "--format" => o with { Format = Next() is "nchw" or "channels-last" ? args[i] : throw new ArgumentException($"--format is channels-last or nchw (got {args[i]}).") },
                    "--no-python" => o with { SkipPython = true },
                    "--python-malloc" => o with { PythonMalloc = StepReference.ParseMalloc(Next()) },
                    "--python-onednn" => o with { PythonOneDnn = StepReference.ParseOneDnn(Next()) },
                    var unknown => throw new ArgumentException(
                        $"Unknown option {unknown}. Options: --arch --cells --channels --batch --warmup --steps --threads --format --no-python --python-malloc default|tuned|both --python-onednn on|off|both."),
                };
            }
            return o;
        }
    }
}
