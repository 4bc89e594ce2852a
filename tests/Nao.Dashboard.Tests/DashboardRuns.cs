using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Nao.Cli;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Search;
using Nao.Storage;

namespace Nao.Tests;

/// <summary>
/// A folder of small finished runs the page tests share: a NAO search (rounds, predictions), two random searches that
/// differ only in the seed (compare), a run written by hand whose values hold HTML (metric name, error, log file) and a
/// log that links out of the folder, and beside the folder a run reached only through a symbolic link.
/// </summary>
public sealed class DashboardRuns : IDisposable
{
    /// <summary>A value that would run script if a page did not escape it.</summary>
    public const string Hostile = "<script>alert('x')</script>";

    private readonly TempFolder _temp = new();

    public DashboardRuns()
    {
        Directory.CreateDirectory(Root);
        Search("search", "--strategy", "nao", "--budget", "24", "--initial-pool", "12", "--per-round", "6", "--top-k", "4", "--controller", "epochs=5", "--seed", "1", "--run", Path.Combine(Root, "nao"));
        foreach (var seed in new[] { 1, 2 }) Search("search", "--strategy", "random", "--budget", "12", "--seed", $"{seed}", "--run", Path.Combine(Root, "cmp", $"random-s{seed}"));
        WriteHostileRun(Path.Combine(Root, "hostile"));
        // A run outside the folder, and a link to it inside: the dashboard must not show it.
        Search("search", "--strategy", "random", "--budget", "5", "--seed", "3", "--run", Outside);
        Directory.CreateSymbolicLink(Path.Combine(Root, "linked"), Outside);
        File.WriteAllText(Path.Combine(_temp.Path, "secret.txt"), "outside secret");
    }

    /// <summary>The runs folder the dashboard serves.</summary>
    public string Root => _temp["runs"];

    /// <summary>A run folder beside the runs folder (outside it).</summary>
    public string Outside => _temp["outside"];

    /// <summary>A file beside the runs folder (outside it).</summary>
    public string Secret => _temp["secret.txt"];

    private static void Search(params string[] args)
    {
        var result = CliRunner.Run(args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"nao {string.Join(' ', args)} → {result.ExitCode}: {result.Error}");
    }

    /// <summary>A completed run of two trials whose metric name, error and log hold HTML, and whose trial folder links out.</summary>
    private void WriteHostileRun(string directory)
    {
        var options = new SearchOptions { Strategy = "random", Seed = 4, Loop = new SearchLoopOptions { Budget = 2 } };
        using (var store = RunStore.Create(directory, options))
        {
            var space = SearchParts.Core.Space(options);
            var random = new Random(4);
            for (var i = 0; i < 2; i++)
            {
                var genotype = space.Sample(random);
                var trial = new Trial { Index = i, Round = 0, Genotype = genotype, Tokens = [.. space.Tokenizer.Tokenize(genotype)], Started = DateTime.UtcNow };
                store.AddPending(trial);
                store.Complete(i == 0
                    ? trial with
                    {
                        Status = TrialStatus.Ok, Score = 0.5, Finished = DateTime.UtcNow,
                        Metrics = ImmutableSortedDictionary<string, double>.Empty.Add(Hostile, 1.5).Add("latency", 3),
                        Curve = [new CurvePoint(1, 0.2), new CurvePoint(2, 0.4), new CurvePoint(3, 0.5)],
                        Record = new JsonObject { ["origin"] = Hostile },
                    }
                    : trial with { Status = TrialStatus.Failed, Error = Hostile, Finished = DateTime.UtcNow });
            }
            store.Status = RunStatus.Completed;
        }
        var trialFolder = Path.Combine(directory, "trials", "00000");
        Directory.CreateDirectory(trialFolder);
        File.WriteAllText(Path.Combine(trialFolder, "stdout.log"), $"epoch 1\n{Hostile}\n");
        File.CreateSymbolicLink(Path.Combine(trialFolder, "escape.log"), Secret);
    }

    public void Dispose() => _temp.Dispose();
}
