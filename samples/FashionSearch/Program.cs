using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Parts;
using Nao.Search;
using Nao.SearchSpaces.Files;
using Nao.Sessions;
using Nao.Strategies;
using Nao.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionSearch;

/// <summary>
/// Searches small CNNs for Fashion-MNIST with Nao: the program owns the space (below), builds each network itself,
/// trains it for a few hundred steps and scores it by dev accuracy. Nao owns the search, the run folder and resume.
/// </summary>
public static class Program
{
    /// <summary>The space: 3 conv blocks, each with its width, kernel, pooling and activation (36^3 architectures).</summary>
    public const string SpaceText = """
        name: fashion-cnn
        description: 3 conv blocks, each a width, a kernel size, a pooling and an activation
        values:
          channels: [8, 16, 32]
          kernel: [3, 5]
          pool: [none, max]
          activation: [relu, gelu]
        architecture:
          - repeat: block
            count: 3
            format: "{channels}/k{kernel}/{pool}/{activation}"
            display: "block {block}: {channels} channels, kernel {kernel}, pooling {pool}, {activation}"
            body:
              - decision: channels
              - decision: kernel
              - decision: pool
              - decision: activation
        """;

    public static Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl-C stops the search cleanly; running the program again with the same --run resumes it.
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        return RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }

    /// <summary>The whole program, with its output streams as arguments so that a test can run it in-process.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        Settings settings;
        ImageDatasetSplits data;
        try
        {
            settings = Settings.Parse(args);
            data = MnistReader.Read(settings.Data, "fashion-mnist");
            if (data.Train.Count < settings.TrainImages + settings.DevImages)
            {
                throw new ArgumentException($"{settings.Data} holds {data.Train.Count:N0} training images; --train-images plus --dev-images asks for {settings.TrainImages + settings.DevImages:N0}. Lower them.");
            }
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        TorchRuntime.Initialize(settings.Threads); // before the first tensor: it also turns off oneDNN (see README)
        var space = SpaceFile.Parse(SpaceText, "fashion-cnn");
        var (mean, std) = ImageDatasets.Statistics("fashion-mnist");
        using var train = Images.From(data.Train.Slice(0, settings.TrainImages), mean[0], std[0]);
        using var dev = Images.From(data.Train.Slice(settings.TrainImages, settings.DevImages), mean[0], std[0]);

        var options = new SearchOptions
        {
            Strategy = settings.Strategy,
            Seed = settings.Seed,
            Loop = new SearchLoopOptions { Budget = settings.Budget },
            // NAO's defaults are sized for hundreds of trials; a sample's budget is tens.
            Nao = new NaoOptions { InitialPoolSize = Math.Clamp(settings.Budget / 2, 2, 10), SeedCount = 10, ProposalsPerRound = 4, CandidatesPerSeed = 5 },
            Evolution = new EvolutionOptions { PopulationSize = Math.Clamp(settings.Budget / 2, 2, 10), TournamentSize = 2 },
            Controller = new JsonObject { ["epochs"] = 50 },
        };
        try
        {
            var result = await NaoSearch.RunAsync(settings.Run, space,
                (genotype, ct) => Task.Run(() => Trainer.Evaluate((DecisionGenotype)genotype, train, dev, settings, ct), ct),
                options, TorchParts.All, new TrialPrinter(error), cancellationToken);
            var best = result.Summary.Best;
            if (best is null)
            {
                await output.WriteLineAsync("No trial succeeded; see the errors in the report.");
                return 1;
            }
            await output.WriteLineAsync($"best: {best.Genotype.Canonical}  dev accuracy {best.Score:F4} (trial {best.Index})");
            foreach (var line in ((DecisionGenotype)best.Genotype).Display) await output.WriteLineAsync($"  {line}");
            await output.WriteLineAsync($"report: {result.ReportPath}");
            return 0;
        }
        catch (SearchSetupException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"stopped; run again with --run {settings.Run} to resume");
            return 130;
        }
    }

    /// <summary>One line per finished trial, written at once (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class TrialPrinter(TextWriter error) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress p) => error.WriteLine(p.Last.Error is { } failure
            ? $"[{p.Done}/{p.Budget}] {p.Last.Genotype.Canonical}: failed: {failure}"
            : $"[{p.Done}/{p.Budget}] {p.Last.Genotype.Canonical}: {p.Last.Score:F4}{(p.Replayed ? " (stored)" : "")}  best {p.Best?.Score:F4}");
    }
}

/// <summary>The command line: every option with its default.</summary>
public sealed record Settings(string Data, string Run, int Budget, string Strategy, int TrainImages, int DevImages, int Steps, int Seed, int Threads)
{
    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Length)
            {
                throw new ArgumentException($"'{args[i]}': expected --NAME VALUE pairs (--data --run --budget --strategy --train-images --dev-images --steps --seed --threads).");
            }
            values[args[i][2..]] = args[i + 1];
        }
        string Text(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        int Number(string name, int fallback, int min) =>
            !values.Remove(name, out var v) ? fallback
            : int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n >= min ? n
            : throw new ArgumentException($"--{name} {v}: expected a whole number of at least {min}.");

        var root = Environment.GetEnvironmentVariable("NAO_DATA");
        var data = Text("data", string.IsNullOrWhiteSpace(root) ? "" : Path.Combine(root, "fashion-mnist"));
        if (data.Length == 0)
        {
            throw new ArgumentException("No data folder: pass --data DIR (the Fashion-MNIST IDX files, e.g. train-images-idx3-ubyte.gz) or set NAO_DATA to the folder that holds fashion-mnist/.");
        }
        var strategy = Text("strategy", "evolution");
        var seed = Number("seed", 0, 0);
        var settings = new Settings(data, Text("run", $"runs/fashion-{strategy}-s{seed}"), Number("budget", 20, 1), strategy,
            Number("train-images", 5000, 1), Number("dev-images", 1000, 1), Number("steps", 200, 1), seed, Number("threads", Environment.ProcessorCount, 1));
        return values.Count == 0 ? settings : throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
    }

    /// <summary>Images per training step.</summary>
    public int BatchSize => 64;
}

/// <summary>Images as one normalized float tensor [N, C, H, W] and their labels, built once for all trials.</summary>
public sealed class Images(Tensor x, Tensor y) : IDisposable
{
    public Tensor X { get; } = x;
    public Tensor Y { get; } = y;
    public long Count => Y.shape[0];

    public static Images From(ImageDataset data, float mean, float std)
    {
        var pixels = new float[data.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (data.Pixels[i] / 255f - mean) / std;
        var labels = new long[data.Count];
        for (var i = 0; i < labels.Length; i++) labels[i] = data.Labels[i];
        return new Images(tensor(pixels, [data.Count, data.Channels, data.Height, data.Width]), tensor(labels));
    }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}

/// <summary>The CNN of one architecture: its blocks in order, then global average pooling and a linear classifier.</summary>
public sealed class FashionCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public FashionCnn(DecisionGenotype genotype, long inputChannels, int classes) : base(nameof(FashionCnn))
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var channels = inputChannels;
        for (var block = 0; genotype.Names.Contains($"block{block}.channels"); block++)
        {
            var width = long.Parse(genotype[$"block{block}.channels"], CultureInfo.InvariantCulture);
            var kernel = long.Parse(genotype[$"block{block}.kernel"], CultureInfo.InvariantCulture);
            modules.Add(($"conv{block}", nn.Conv2d(channels, width, kernel, padding: kernel / 2)));
            modules.Add(($"norm{block}", nn.BatchNorm2d(width)));
            modules.Add(($"act{block}", genotype[$"block{block}.activation"] == "gelu" ? nn.GELU() : nn.ReLU()));
            if (genotype[$"block{block}.pool"] == "max") modules.Add(($"pool{block}", nn.MaxPool2d(2)));
            channels = width;
        }
        modules.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        modules.Add(("flatten", nn.Flatten()));
        modules.Add(("classifier", nn.Linear(channels, classes)));
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);
}

/// <summary>Trains one network with Adam for <see cref="Settings.Steps"/> steps and scores it on the dev images.</summary>
public static class Trainer
{
    public static EvaluationResult Evaluate(DecisionGenotype genotype, Images train, Images dev, Settings settings, CancellationToken ct)
    {
        TorchRuntime.PrepareThisThread();
        var seed = settings.Seed * 1_000_003L + StableHash(genotype.Canonical); // the same architecture trains the same way
        torch.random.manual_seed(seed);
        var batches = new Random((int)(seed & int.MaxValue));
        using var model = new FashionCnn(genotype, train.X.shape[1], 10);
        using var optimizer = optim.Adam(model.parameters(), lr: 2e-3);
        var curve = new List<CurvePoint>();
        var clock = Stopwatch.StartNew();
        var loss = 0f;
        for (var step = 1; step <= settings.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope(); // frees this step's tensors, gradients' temporaries included
            var index = tensor(Enumerable.Range(0, settings.BatchSize).Select(_ => batches.NextInt64(train.Count)).ToArray());
            optimizer.zero_grad();
            var batchLoss = nn.functional.cross_entropy(model.call(train.X.index_select(0, index)), train.Y.index_select(0, index));
            batchLoss.backward();
            optimizer.step();
            loss = batchLoss.item<float>();
            if (!float.IsFinite(loss)) return EvaluationResult.Failed($"the loss diverged at step {step}");
            if (step % Math.Max(1, settings.Steps / 4) == 0 && step < settings.Steps) curve.Add(new CurvePoint(step, Accuracy(model, dev)));
        }
        var accuracy = Accuracy(model, dev);
        curve.Add(new CurvePoint(settings.Steps, accuracy));
        var parameters = model.parameters().Sum(p => p.numel());
        return EvaluationResult.Ok(accuracy, new Dictionary<string, double>
        {
            ["train_loss"] = loss,
            ["parameters"] = parameters,
            ["seconds"] = clock.Elapsed.TotalSeconds,
        }) with { Curve = curve };
    }

    private static double Accuracy(FashionCnn model, Images dev)
    {
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        for (long start = 0; start < dev.Count; start += 500)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(500, dev.Count - start);
            var predicted = model.call(dev.X.narrow(0, start, length)).argmax(1);
            correct += predicted.eq(dev.Y.narrow(0, start, length)).sum().item<long>();
        }
        model.train();
        return (double)correct / dev.Count;
    }

    // string.GetHashCode differs between processes; a resumed run must train a rerun trial the same way.
    private static long StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return (long)(hash >> 33);
    }
}
