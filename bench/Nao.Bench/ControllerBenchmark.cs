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
/// bench/reference/controller.py train the same data with the same model, each on 2 threads with the same warm-up.
/// Options: --epochs N (timed epochs, default 10), --warmup N (default 3), --threads N (default 2).
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
            Console.WriteLine($"controller: enas, {data.Length} architectures × {tokenizer.Length} tokens, batch {options.BatchSize}, embedding {options.EmbeddingSize}, hidden {options.HiddenSize}, predictor {options.PredictorLayers}×{options.PredictorWidth}, augmentation on; {threads} threads, {warmup} warm-up + {epochs} timed epochs");
            var nao = TimeNao(data, options, warmup, epochs);
            var lines = PythonReference.Run("controller.py", dataFile, warmup.ToString(CultureInfo.InvariantCulture),
                epochs.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture));
            foreach (var line in lines.Where(l => l.StartsWith("pytorch ", StringComparison.Ordinal))) Console.WriteLine(line);
            var reference = lines.Where(l => l.StartsWith("epoch_ms ", StringComparison.Ordinal))
                .Select(l => l["epoch_ms ".Length..].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            if (reference.Length != epochs) throw new InvalidOperationException($"controller.py printed {reference.Length} epoch times, expected {epochs}.");
            Report("wall ms/epoch", nao.Select(t => t.Wall).ToArray(), reference.Select(t => t[0]).ToArray());
            // CPU time of the process: less disturbed by other processes on a shared machine than wall time, but it also
            // counts threads that spin while waiting, so at more than one thread it is a rough guide only.
            Report("cpu ms/epoch", nao.Select(t => t.Cpu).ToArray(), reference.Select(t => t[1]).ToArray());
            return 0;
        }
        finally
        {
            File.Delete(dataFile);
        }
    }

    /// <summary>Wall and CPU milliseconds of each timed epoch: one warm-started <see cref="NaoController.Fit"/> of one epoch.</summary>
    private static (double Wall, double Cpu)[] TimeNao(ScoredArchitecture[] data, ControllerOptions options, int warmup, int epochs)
    {
        using var controller = new NaoController(SearchSpaceRegistry.Enas, options);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < warmup; i++) controller.Fit(data, seed: i, CancellationToken.None);
        var times = new (double, double)[epochs];
        for (var i = 0; i < epochs; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            controller.Fit(data, seed: warmup + i, CancellationToken.None);
            var wall = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            times[i] = (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
        }
        return times;
    }

    private static void Report(string what, double[] nao, double[] reference)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{what}  nao:     median {Median(nao):0.0}, mean {nao.Average():0.0}, min {nao.Min():0.0}"));
        Console.WriteLine(string.Create(c, $"{what}  pytorch: median {Median(reference):0.0}, mean {reference.Average():0.0}, min {reference.Min():0.0}"));
        Console.WriteLine(string.Create(c, $"{what}  ratio nao/pytorch: {Median(nao) / Median(reference):0.00} (medians), {nao.Min() / reference.Min():0.00} (minimums)"));
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
