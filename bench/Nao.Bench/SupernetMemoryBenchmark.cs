using System.Diagnostics;
using System.Globalization;
using Nao.Data;
using Nao.Genotypes;
using Nao.Supernets;
using Nao.Torch;

namespace Nao.Bench;

/// <summary>
/// The memory check of issue 7 (NAO-WS): the enas supernet's peak memory must grow with the sampled architecture,
/// not with the number of candidate ops (the official TensorFlow supernet computed every op and ran out of memory).
/// K training steps of architectures that use only sep3x3 branches, on random 32×32×3 images, run once with the
/// supernet of all five ops and once with a supernet of sep3x3 only, each in a fresh child process, and the peak RSS
/// (VmHWM) of each is printed with their ratio. There is no PyTorch reference here: the two Nao runs are the comparison.
/// </summary>
public sealed class SupernetMemoryBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "supernet-memory";

    /// <inheritdoc />
    public string Description => "enas supernet peak RSS training sep3x3-only architectures: all 5 ops vs sep3x3 only (fresh processes)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var o = Options.Parse(args);
        if (o.Child is { } ops) return Child(o, ops);
        Console.WriteLine($"supernet-memory: N={o.Layers}, F={o.Filters}, batch {o.Batch}, 32x32x3, {o.Steps} steps of sep3x3-only architectures, {o.Threads} threads");
        var results = new List<Dictionary<string, string>>();
        foreach (var variant in new[] { "all", "sep3x3" })
        {
            var values = RunChild(args, variant);
            results.Add(values);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ops {variant,-7} {long.Parse(values["parameters"], CultureInfo.InvariantCulture),10:N0} parameters  " +
                $"RSS after build {values["built_rss_mb"],6} MB  peak RSS {values["peak_rss_mb"],6} MB  {values["ms_per_step"],7} ms/step"));
        }
        double Peak(int i) => double.Parse(results[i]["peak_rss_mb"], CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio peak RSS all ops / sep3x3 only: {Peak(0) / Peak(1):F2}x (1.00 means memory follows the sampled architecture)"));
        return 0;
    }

    private static Dictionary<string, string> RunChild(string[] args, string ops)
    {
        // A fresh process per variant, so that the second run's peak does not include the first's heap.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the child from.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(SupernetMemoryBenchmark).Assembly.Location);
        start.ArgumentList.Add("supernet-memory");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(ops);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host}.");
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The child for ops {ops} exited with {process.ExitCode}: {string.Join('\n', lines)}");
        return lines.Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    private static int Child(Options o, string ops)
    {
        TorchRuntime.Initialize(o.Threads);
        var random = new Random(1);
        var count = o.Batch * (o.Steps + 1);
        var pixels = new byte[count * 3 * 32 * 32];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(10)).ToArray();
        var data = new ImageDatasetSplits("cifar10", new ImageDataset("random", pixels, labels, 3, 32, 32, 10), null);
        var settings = new ConvSupernetSettings
        {
            Layers = o.Layers, Filters = o.Filters, BatchSize = o.Batch, DevSize = o.Batch, DevBatches = 1,
            Ops = ops == "all" ? null : ops,
        };
        using var supernet = new ConvSupernet(settings, data, seed: 1);
        var builtRss = PeakRssMb();
        Genotype[] pool = [.. Enumerable.Range(0, 8).Select(_ => Sep3Only(random))];
        var clock = Stopwatch.StartNew();
        var report = supernet.TrainEpoch(pool, seed: 2, CancellationToken.None);
        var msPerStep = clock.Elapsed.TotalMilliseconds / report.Batches;
        supernet.Score(pool[0], CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parameters={supernet.ParameterCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"built_rss_mb={builtRss:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak_rss_mb={PeakRssMb():F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ms_per_step={msPerStep:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"steps={report.Batches}"));
        return 0;
    }

    /// <summary>A random enas architecture whose every branch is a sep3x3 (inputs drawn uniformly).</summary>
    private static ConvGenotype Sep3Only(Random random)
    {
        Cell RandomCell() => new(Enumerable.Range(0, 5).Select(k => new CellNode(
            new CellBranch(random.Next(k + 2), CellOperation.SepConv3x3), new CellBranch(random.Next(k + 2), CellOperation.SepConv3x3))));
        return new ConvGenotype(RandomCell(), RandomCell());
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private sealed record Options(int Layers, int Filters, int Batch, int Steps, int Threads, string? Child)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(1, 16, 64, 10, 2, null);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                o = args[i] switch
                {
                    "--layers" => o with { Layers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--filters" => o with { Filters = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--batch" => o with { Batch = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--steps" => o with { Steps = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--threads" => o with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--child" => o with { Child = Next() },
                    var other => throw new ArgumentException(
                        $"Unknown option {other}. Options: --layers N --filters F --batch B --steps K --threads T."),
                };
            }
            return o;
        }
    }
}
