using System.Diagnostics;
using System.Globalization;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Bench;

/// <summary>
/// Training throughput of the NAO-RNN language model (issue 5): hidden = embedding 300, batch 64, BPTT 35, PTB's
/// vocabulary of 10,000, the DARTS dropouts, cross-entropy + TAR, clipping 0.25, SGD with weight decay, on 2 threads.
/// Nao and bench/reference/rnn_lm.py run the same steps on random tokens; rounds alternate between the two so that a
/// change in machine load hits both, and the median of the rounds is reported. The reference runs in both of its
/// formulations: <c>darts</c> (the per-node products of the DARTS/NAO code) and <c>fused</c> (the products and
/// lerp-based updates Nao uses).
/// </summary>
public sealed class RnnLmBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "rnn-lm";

    /// <inheritdoc />
    public string Description => "NAO-RNN LM training tokens/s (hidden 300, batch 64, BPTT 35, vocab 10k, 2 threads) vs PyTorch";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var o = Settings.Parse(args);
        TorchRuntime.Initialize(o.Threads);
        Console.WriteLine($"rnn-lm: NAO-RNN, hidden {o.Hidden}, batch {o.Batch}, bptt {o.Bptt}, vocab {o.Vocab}, {o.Threads} threads, "
            + $"{o.Warmup} warm-up + {o.Steps} timed steps per run, {o.Rounds} alternating rounds");
        var nao = new List<Throughput>();
        var darts = new List<Throughput>();
        var fused = new List<Throughput>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            nao.Add(NaoTokensPerSecond(o, round));
            darts.Add(Reference(o, "darts", round));
            fused.Add(Reference(o, "fused", round));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: tokens/s (tokens per CPU-second)  Nao {nao[^1]}  PyTorch darts {darts[^1]}  PyTorch fused {fused[^1]}"));
        }
        // Interference from other processes only ever slows a run down, so the best round is the least disturbed one;
        // the median is printed too, and throughput per CPU-second (process CPU time over all threads), which a busy
        // machine disturbs less. On a quiet machine they agree.
        var c = CultureInfo.InvariantCulture;
        var naoSummary = Summary.Of(nao);
        Console.WriteLine(string.Create(c, $"Nao (TorchSharp {typeof(torch).Assembly.GetName().Version}):  {naoSummary}"));
        foreach (var (label, runs) in new[] { ("PyTorch, darts form:   ", darts), ("PyTorch, fused form:   ", fused) })
        {
            var reference = Summary.Of(runs);
            Console.WriteLine(string.Create(c,
                $"{label}   {reference}   Nao / PyTorch: median {naoSummary.Median / reference.Median:F2}x, best {naoSummary.Best / reference.Best:F2}x, per CPU-second {naoSummary.PerCpuSecond / reference.PerCpuSecond:F2}x"));
        }
        return 0;
    }

    private static Throughput NaoTokensPerSecond(Settings o, int round)
    {
        var genotype = (RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype;
        using var model = new RecurrentLanguageModel(genotype, new RecurrentModelOptions { Vocabulary = o.Vocab, Hidden = o.Hidden }, round);
        model.train();
        using var optimizer = torch.optim.SGD(model.parameters(), 20.0, weight_decay: 8e-7);
        using var generator = new Generator((ulong)round, torch.CPU);
        using var tar = 1e-3.ToScalar();
        var parameters = model.parameters().ToArray();
        var hidden = model.InitialHidden(o.Batch);
        // The same step as LanguageModelTrainer's, at a fixed window length so both sides do identical work.
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var data = torch.randint(0, o.Vocab, [o.Bptt + 1, o.Batch], generator: generator);
            optimizer.zero_grad();
            var output = model.call(data.narrow(0, 0, o.Bptt), hidden);
            var change = output.Outputs.narrow(0, 1, o.Bptt - 1) - output.Outputs.narrow(0, 0, o.Bptt - 1);
            var loss = torch.nn.functional.cross_entropy(output.Logits, data.narrow(0, 1, o.Bptt).reshape(-1)) + change.pow(2).mean() * tar;
            loss.backward();
            torch.nn.utils.clip_grad_norm_(parameters, 0.25);
            optimizer.step();
            hidden.Dispose();
            hidden = output.Hidden.detach().MoveToOuterDisposeScope();
        }
        for (var i = 0; i < o.Warmup; i++) Step();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < o.Steps; i++) Step();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        hidden.Dispose();
        double tokens = (double)o.Steps * o.Bptt * o.Batch;
        return new Throughput(tokens / seconds, tokens / cpuSeconds);
    }

    private static Throughput Reference(Settings o, string form, int round)
    {
        var lines = PythonReference.Run("rnn_lm.py", "--hidden", $"{o.Hidden}", "--batch", $"{o.Batch}", "--bptt", $"{o.Bptt}",
            "--vocab", $"{o.Vocab}", "--warmup", $"{o.Warmup}", "--steps", $"{o.Steps}", "--threads", $"{o.Threads}", "--form", form,
            "--seed", $"{round}");
        var line = lines.LastOrDefault(l => l.StartsWith("tokens_per_second ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"rnn_lm.py printed no tokens_per_second line: {string.Join(" / ", lines)}");
        var fields = line.Split(' ');
        return new Throughput(double.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[5], CultureInfo.InvariantCulture));
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Throughput(double TokensPerSecond, double TokensPerCpuSecond)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{TokensPerSecond,7:F0} ({TokensPerCpuSecond,6:F0})");
    }

    private sealed record Summary(double Median, double Best, double PerCpuSecond)
    {
        public static Summary Of(List<Throughput> runs) =>
            new(MedianOf(runs.Select(r => r.TokensPerSecond)), runs.Max(r => r.TokensPerSecond), MedianOf(runs.Select(r => r.TokensPerCpuSecond)));

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"median {Median,7:F0}  best {Best,7:F0} tokens/s, median {PerCpuSecond,6:F0} tokens per CPU-second");
    }

    private sealed record Settings(int Hidden, int Batch, int Bptt, int Vocab, int Warmup, int Steps, int Rounds, int Threads)
    {
        public static Settings Parse(string[] args)
        {
            var s = new Settings(300, 64, 35, 10_000, 3, 20, 3, 2);
            for (var i = 0; i < args.Length; i++)
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) || v < 1)
                {
                    throw new ArgumentException($"{args[i]} needs a positive integer. Options: --hidden --batch --bptt --vocab --warmup --steps --rounds --threads.");
                }
                s = args[i++] switch
                {
                    "--hidden" => s with { Hidden = v },
                    "--batch" => s with { Batch = v },
                    "--bptt" => s with { Bptt = v },
                    "--vocab" => s with { Vocab = v },
                    "--warmup" => s with { Warmup = v },
                    "--steps" => s with { Steps = v },
                    "--rounds" => s with { Rounds = v },
                    "--threads" => s with { Threads = v },
                    var other => throw new ArgumentException($"Unknown option {other}. Options: --hidden --batch --bptt --vocab --warmup --steps --rounds --threads."),
                };
            }
            return s;
        }
    }
}
