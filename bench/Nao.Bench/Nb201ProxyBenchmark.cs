using System.Diagnostics;
using System.Globalization;
using Nao.Benchmarks;
using Nao.Data;
using Nao.Genotypes;
using Nao.Metrics;
using Nao.SearchSpaces;
using Nao.Torch;
using Nao.Training;

namespace Nao.Bench;

/// <summary>
/// Issue 16, part 2: how well a cheap NB201 training predicts the table. The same random nb201 architectures (fixed
/// seed) are trained under each proxy (fewer epochs, fewer cells or channels, a subset of the images), and each proxy's
/// validation accuracies are ranked against the table's c10valid_val200_mean (Spearman, Kendall τ), with the wall time
/// and CPU time per architecture (CPU time is the fairer cost on a shared machine). Each result is appended to a CSV as it comes, and a rerun with the same CSV skips what is there,
/// so a killed study resumes. No PyTorch reference: the table is the comparison.
/// Proxies are given as NAME:N,C,EPOCHS,TRAIN,VALID[,BATCH] (for example p1:1,8,3,5000,2000,64; batch 256 when left out).
/// Two costless proxies come first for every architecture: the parameter count and the FLOPs of the full-size
/// network (N=5, C=16), from the cost counter.
/// </summary>
public sealed class Nb201ProxyBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "nb201-proxies";

    /// <inheritdoc />
    public string Description => "NB201 cheap-proxy study: train the same random archs per proxy; Spearman/Kendall vs c10valid_val200_mean";

    private sealed record Proxy(string Name, int Cells, int Channels, int Epochs, int TrainImages, int ValidImages, int BatchSize)
    {
        public static Proxy Parse(string text)
        {
            var (name, rest) = (text.Split(':')[0], text.Split(':')[1]);
            var v = rest.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return new Proxy(name, v[0], v[1], v[2], v[3], v[4], v.Length > 5 ? v[5] : 256);
        }

        public override string ToString() => $"{Name}: N={Cells}, C={Channels}, {Epochs} epoch(s), {TrainImages:N0} train / {ValidImages:N0} valid images, batch {BatchSize}";
    }

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var (count, seed, threads, csv, table) = (50, 0, 2, "nb201-proxies.csv", "../shared/benchmarks/nas-bench-201.csv");
        var proxies = new List<Proxy>();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--archs": count = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--csv": csv = value; break;
                case "--table": table = value; break;
                case "--proxy": proxies.Add(Proxy.Parse(value)); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (proxies.Count == 0) proxies.Add(Proxy.Parse("p1:1,8,3,5000,2000"));
        TorchRuntime.Initialize(threads);
        var benchmark = File.Exists(table) ? TabularBenchmark.Load(table) : TabularBenchmark.Nb201;
        var architectures = Sample(count, seed);
        var done = ReadDone(csv);
        if (!File.Exists(csv)) File.WriteAllText(csv, "proxy,arch,score,seconds,cpu_seconds,parameters,flops,load\n");

        var path = new Nb201TrainingOptions().ResolveDataPath();
        var full = ImageDatasets.Load("cifar10", path).Train;
        var (trainHalf, validHalf) = Nb201ValidSplit.Split(full);
        Console.WriteLine($"nb201-proxies: {architectures.Count} random nb201 architectures (seed {seed}), {threads} threads, table {benchmark.Source}");
        // Architectures outside, proxies inside: a study stopped early still has every proxy on the same architectures.
        var setups = proxies.Select(proxy =>
        {
            Console.WriteLine(proxy);
            var train = trainHalf.Take(proxy.TrainImages);
            var data = new Nb201TrainingData(path, train, validHalf.Take(proxy.ValidImages), ImageDatasets.Statistics("cifar10", train));
            var options = new Nb201TrainingOptions
            {
                Cells = proxy.Cells, Channels = proxy.Channels, Epochs = proxy.Epochs, TrainImages = proxy.TrainImages,
                ValidImages = proxy.ValidImages, BatchSize = proxy.BatchSize, Seed = seed, Threads = threads,
            };
            return (Proxy: proxy, Data: data, Options: options);
        }).ToList();
        var load0 = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        foreach (var genotype in architectures.Where(a => !done.Contains(("flops", a.Canonical))))
        {
            var clock = Stopwatch.StartNew();
            using var network = new Nao.Networks.Nb201.Nb201Network(genotype, new Nao.Networks.Nb201.Nb201NetworkOptions());
            var cost = Nao.Networks.Costs.CostCounter.Count(network, network.Options.InputShape);
            var seconds = clock.Elapsed.TotalSeconds;
            File.AppendAllText(csv, string.Create(CultureInfo.InvariantCulture,
                $"params,{genotype.Canonical},{cost.Parameters},{seconds:F2},0,{cost.Parameters},{cost.MultiplyAdds},{load0}\n" +
                $"flops,{genotype.Canonical},{cost.MultiplyAdds},{seconds:F2},0,{cost.Parameters},{cost.MultiplyAdds},{load0}\n"));
        }
        foreach (var genotype in architectures)
        {
            foreach (var (proxy, data, options) in setups)
            {
                if (done.Contains((proxy.Name, genotype.Canonical))) continue;
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var result = Nb201Trainer.Train(genotype, options, data, Console.Error);
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                File.AppendAllText(csv, string.Create(CultureInfo.InvariantCulture,
                    $"{proxy.Name},{genotype.Canonical},{result.ValidAccuracy ?? double.NaN:F4},{clock.Elapsed.TotalSeconds:F2},{cpuSeconds:F2},{result.Parameters},{result.MultiplyAdds},{load}\n"));
            }
        }
        Report(csv, architectures, benchmark);
        return 0;
    }

    private static List<Nb201Genotype> Sample(int count, int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<string>();
        var list = new List<Nb201Genotype>();
        while (list.Count < count)
        {
            var genotype = (Nb201Genotype)SearchSpaceRegistry.Nb201.Sample(random);
            if (seen.Add(genotype.Canonical)) list.Add(genotype);
        }
        return list;
    }

    private static HashSet<(string, string)> ReadDone(string csv) =>
        File.Exists(csv) ? [.. File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Select(f => (f[0], f[1]))] : [];

    /// <summary>Per proxy: architectures done, Spearman and Kendall against the table, mean and max seconds per architecture, mean load.</summary>
    private static void Report(string csv, List<Nb201Genotype> architectures, TabularBenchmark benchmark)
    {
        var wanted = architectures.Select(a => a.Canonical).ToHashSet();
        var rows = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => wanted.Contains(f[1])).ToList();
        double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        Console.WriteLine("| proxy | archs | Spearman | Kendall τ | wall s/arch (mean) | wall s/arch (max) | CPU s/arch (mean) | load (mean) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(f => f[0]))
        {
            var truth = group.Select(f => benchmark.Lookup(Nb201Genotype.Parse(f[1]))!.Value).ToList();
            var proxy = group.Select(f => Num(f[2])).ToList();
            var seconds = group.Select(f => Num(f[3])).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {proxy.Count} | {Ranking.Spearman(proxy, truth):F3} | {Ranking.KendallTau(proxy, truth):F3} | {seconds.Average():F1} | {seconds.Max():F1} | {group.Average(f => Num(f[4])):F1} | {group.Average(f => Num(f[7])):F2} |"));
        }
        // The table's own 12-epoch training (NB201's full protocol at 12 epochs, all images) on the same architectures, for reference.
        if (benchmark.Metrics.Contains("c10valid_val12"))
        {
            var truth = architectures.Select(a => benchmark.Lookup(a)!.Value).ToList();
            var twelve = architectures.Select(a => benchmark.Lookup(a, "c10valid_val12")!.Value).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| table c10valid_val12 (12 epochs, full protocol, GPU) | {twelve.Count} | {Ranking.Spearman(twelve, truth):F3} | {Ranking.KendallTau(twelve, truth):F3} | - | - | - | - |"));
        }
    }
}
