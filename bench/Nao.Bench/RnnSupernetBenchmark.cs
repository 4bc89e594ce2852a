using System.Diagnostics;
using System.Globalization;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Torch;

namespace Nao.Bench;

/// <summary>
/// One epoch of the enas-rnn weight-sharing supernet (issue 7) on a real corpus: builds <see cref="RecurrentSupernet"/>
/// (hidden 200, batch 64, BPTT 35 by default), trains one epoch over the first <c>--limit</c> training tokens with a pool
/// of <c>--pool</c> random architectures, then scores every pool architecture on the dev segments. Prints the epoch
/// time, training tokens/s, and each score. There is no PyTorch reference for this one: it sizes NAO-WS runs.
/// </summary>
public sealed class RnnSupernetBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "rnn-supernet";

    /// <inheritdoc />
    public string Description => "enas-rnn supernet: one epoch on PTB (--data, --hidden 200, --limit 100000, --pool 10, --threads 1), then pool scores";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        string? data = null;
        int hidden = 200, pool = 10, threads = 1, devBatches = 8, seed = 1;
        long limit = 100_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--data": data = value; break;
                case "--hidden": hidden = int.Parse(value, c); break;
                case "--limit": limit = long.Parse(value, c); break;
                case "--pool": pool = int.Parse(value, c); break;
                case "--threads": threads = int.Parse(value, c); break;
                case "--dev-batches": devBatches = int.Parse(value, c); break;
                case "--seed": seed = int.Parse(value, c); break;
                default:
                    Console.Error.WriteLine($"rnn-supernet: unknown option {args[i]}");
                    return 2;
            }
        }
        TorchRuntime.Initialize(threads);
        var settings = new RecurrentSupernetSettings { DataPath = data, Hidden = hidden, LimitTokens = limit, DevBatches = devBatches };
        var clock = Stopwatch.StartNew();
        using var supernet = RecurrentSupernet.Create(settings, seed);
        Console.WriteLine(string.Create(c, $"{supernet.Name}; {supernet.ParameterCount:N0} parameters; built in {clock.Elapsed.TotalSeconds:F1} s; {threads} thread(s)"));
        var random = new Random(seed);
        Genotype[] architectures = [.. Enumerable.Range(0, pool).Select(_ => SearchSpaceRegistry.EnasRnn.Sample(random))];

        var report = supernet.TrainEpoch(architectures, seed, CancellationToken.None);
        var tokens = Math.Min(limit, 929_589) / settings.BatchSize * settings.BatchSize;
        Console.WriteLine(string.Create(c,
            $"epoch {report.Epoch}: {report.Batches} windows, {report.Duration.TotalSeconds:F1} s, ~{tokens / report.Duration.TotalSeconds:F0} training tokens/s, train loss {report.Loss:F3}, train ppl {report.Metric:F1}"));
        var scoring = Stopwatch.StartNew();
        foreach (var genotype in architectures)
        {
            var one = Stopwatch.StartNew();
            var result = supernet.Score(genotype, CancellationToken.None);
            Console.WriteLine(string.Create(c,
                $"  score {result.Score:F4}  ws ppl {result.Metrics["ws_valid_perplexity"],8:F1}  {one.Elapsed.TotalSeconds:F2} s  {genotype.Canonical}"));
        }
        Console.WriteLine(string.Create(c, $"scored {pool} architectures in {scoring.Elapsed.TotalSeconds:F1} s ({devBatches} dev batches of {settings.Bptt}×{settings.DevBatchSize} each)"));
        return 0;
    }
}
