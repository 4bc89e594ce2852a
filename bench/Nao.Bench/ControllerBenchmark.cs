using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nao.Controller;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tokenization;
using Nao.Torch;

namespace Nao.Bench;

/// <summary>
/// One training epoch of the NAO controller at the official code's shapes: 600 architectures of the <c>enas</c> space,
/// batch 100, embedding 48, hidden 96, a predictor of 3×200, branch-swap augmentation on. Nao and
/// bench/reference/controller.py train the same data with the same model, each on 2 threads with the same warm-up, their
/// epochs alternating. The reference runs with glibc's default allocator settings and with the ones Nao's TorchRuntime
/// makes. Options: --epochs N (timed epochs, default 10), --warmup N (default 3), --threads N (default 2),
/// --python-malloc default|tuned|both (default both), --no-python (Nao alone, for profiling).
/// </summary>
public sealed class ControllerBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "controller";

    /// <inheritdoc />
    public string Description => "ms per controller training epoch (enas, 600 archs, batch 100, emb 48, hidden 96, predictor 3x200), Nao vs PyTorch";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var epochs = IntOption(args, "--epochs", 10);
        var warmup = IntOption(args, "--warmup", 3);
        var threads = IntOption(args, "--threads", 2);
        var space = SearchSpaceRegistry.Enas;
        var random = new Random(0);
        var data = Enumerable.Range(0, 600).Select(_ => new ScoredArchitecture(space.Sample(random), random.NextDouble())).ToArray();
        var options = ControllerOptions.For(space) with
        {
            EmbeddingSize = 48,
            HiddenSize = 96,
            PredictorLayers = 3,
            PredictorWidth = 200,
            BatchSize = 100,
            Augment = true,
            Epochs = 1,
        };

        // The same architectures, scores and valid-token mask go to the reference, so both sides train on identical data.
        var dataFile = Path.Combine(Path.GetTempPath(), $"nao-bench-controller-{Guid.NewGuid():N}.json");
        var tokenizer = space.Tokenizer;
        File.WriteAllText(dataFile, JsonSerializer.Serialize(new
        {
            tokens = data.Select(d => tokenizer.Tokenize(d.Genotype)).ToArray(),
            scores = data.Select(d => d.Score).ToArray(),
            mask = Enumerable.Range(0, tokenizer.Length)
                .Select(p => Enumerable.Range(0, tokenizer.VocabularySize).Select(v => tokenizer.ValidTokens(p).Contains(v)).ToArray()).ToArray(),
            nodes = SearchSpaceRegistry.CellNodes,
        }));
        try
        {
            TorchRuntime.Initialize(threads);
            Console.WriteLine($"controller: enas, {data.Length} architectures × {tokenizer.Length} tokens, batch {options.BatchSize}, embedding {options.EmbeddingSize}, hidden {options.HiddenSize}, predictor {options.PredictorLayers}×{options.PredictorWidth}, augmentation on; {threads} threads, {warmup} warm-up + {epochs} timed epochs each, in rotating order");
            using var controller = new NaoController(space, options);
            var references = new List<(string Label, ReferenceServer Server)>();
            try
            {
                foreach (var malloc in PythonMallocs(args))
                {
                    var server = PythonReference.Start("controller.py", dataFile, threads.ToString(CultureInfo.InvariantCulture), malloc);
                    references.Add(($"pytorch ({malloc} malloc)", server));
                    Console.WriteLine(server.ReadLine()["ready ".Length..]);
                }
                // One epoch of each side per round, in an order that rotates from round to round, so that every side meets the
                // same machine state and none always runs right after another. The pause lets the previous side's idle OpenMP
                // threads stop spinning before the next side starts.
                var sides = new List<Func<int, (double Wall, double Cpu)>> { i => NaoEpoch(controller, data, seed: i) };
                sides.AddRange(references.Select(r => (Func<int, (double Wall, double Cpu)>)(_ => ReferenceEpoch(r.Server))));
                var times = sides.Select(_ => new List<(double Wall, double Cpu)>()).ToArray();
                for (var i = 0; i < warmup + epochs; i++)
                {
                    for (var k = 0; k < sides.Count; k++)
                    {
                        var side = (i + k) % sides.Count;
                        var time = sides[side](i);
                        if (i >= warmup) times[side].Add(time);
                        if (sides.Count > 1) Thread.Sleep(PauseMilliseconds);
                    }
                }
                Report("nao", null, times[0]);
                for (var r = 0; r < references.Count; r++) Report(references[r].Label, times[0], times[r + 1]);
            }
            finally
            {
                foreach (var (_, server) in references) server.Dispose();
            }
            return 0;
        }
        finally
        {
            File.Delete(dataFile);
        }
    }

    private const int PauseMilliseconds = 200;

    /// <summary>Wall and CPU milliseconds of one warm-started one-epoch <see cref="NaoController.Fit"/>.</summary>
    private static (double Wall, double Cpu) NaoEpoch(NaoController controller, ScoredArchitecture[] data, int seed)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        controller.Fit(data, seed, CancellationToken.None);
        var wall = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static (double Wall, double Cpu) ReferenceEpoch(ReferenceServer reference)
    {
        var answer = reference.Ask("epoch");
        if (!answer.StartsWith("epoch_ms ", StringComparison.Ordinal)) throw new InvalidOperationException($"controller.py answered '{answer}', expected 'epoch_ms WALL CPU'.");
        var values = answer["epoch_ms ".Length..].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (values[0], values[1]);
    }

    /// <summary>
    /// Medians of wall and CPU time per epoch for one side and, against Nao, the ratio of each Nao epoch to this side's
    /// epoch of the same round (the figure that drift in the machine's speed disturbs least) and the ratio of medians.
    /// </summary>
    private static void Report(string label, List<(double Wall, double Cpu)>? nao, List<(double Wall, double Cpu)> side)
    {
        var c = CultureInfo.InvariantCulture;
        double[] wall = [.. side.Select(t => t.Wall)], cpu = [.. side.Select(t => t.Cpu)];
        Console.WriteLine(string.Create(c, $"{label}: wall ms/epoch median {Median(wall):0.0} (min {wall.Min():0.0}, max {wall.Max():0.0}), cpu ms/epoch median {Median(cpu):0.0}"));
        if (nao is null) return;
        double[] pairs = [.. nao.Zip(side, (n, s) => n.Wall / s.Wall)], cpuPairs = [.. nao.Zip(side, (n, s) => n.Cpu / s.Cpu)];
        Console.WriteLine(string.Create(c, $"  ratio nao / {label}: wall {Median(pairs):0.00} (median over {pairs.Length} rounds, range {pairs.Min():0.00}-{pairs.Max():0.00}; ratio of medians {Median([.. nao.Select(t => t.Wall)]) / Median(wall):0.00}), cpu {Median(cpuPairs):0.00}"));
    }

    private static IEnumerable<string> PythonMallocs(string[] args)
    {
        if (args.Contains("--no-python")) return [];
        var index = Array.IndexOf(args, "--python-malloc");
        var value = index < 0 ? "both" : index + 1 < args.Length ? args[index + 1] : "";
        return value switch
        {
            "both" => ["default", "tuned"],
            "default" or "tuned" => [value],
            _ => throw new ArgumentException($"--python-malloc is default, tuned or both (got '{value}')."),
        };
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0) return fallback;
        if (index + 1 >= args.Length || !int.TryParse(args[index + 1], out var value) || value < 1)
        {
            throw new ArgumentException($"{name} needs a positive whole number, e.g. {name} {fallback}.");
        }
        return value;
    }
}
