using System.Globalization;
using System.Text.Json.Nodes;
using Nao.Cli;
using Nao.Evaluation;
using Nao.Storage;

namespace Nao.Tests.Commands;

/// <summary><c>nao compare</c>: its per-seed run folders, its JSON and its noise, on tiny comparisons of the embedded table.</summary>
public sealed class CompareCommandTests
{
    /// <summary>NAO at a tiny size (as in <see cref="NaoSearchCommandTests"/>): 30 evaluations, 2 rounds of 5 controller epochs.</summary>
    private static readonly string[] TinyNao = ["--budget", "30", "--initial-pool", "10", "--top-k", "10", "--per-round", "10", "--controller", "epochs=5"];

    [Fact]
    public void Each_seed_is_a_run_folder_that_report_and_runs_open_and_whose_trials_equal_nao_search_with_that_seed()
    {
        using var temp = new TempFolder();
        var compare = CliRunner.Run(["compare", "--strategies", "nao,evolution", "--seeds", "2", .. TinyNao, "--out", temp["cmp"]]);
        Assert.Equal(0, compare.ExitCode);

        foreach (var strategy in new[] { "nao", "evolution" })
        {
            var search = CliRunner.Run(["search", "--strategy", strategy, "--seed", "1", .. TinyNao, "--run", temp[$"{strategy}1"]]);
            Assert.Equal(0, search.ExitCode);
            var folder = temp[$"cmp/runs/{strategy}-s1"];
            RunTrials.AssertSame(temp[$"{strategy}1"], folder);
            // The stored options too (NAO's controller settings included), so --resume and report see the same search.
            Assert.Equal(File.ReadAllText(temp[$"{strategy}1/options.json"]), File.ReadAllText(Path.Combine(folder, "options.json")));
        }
        var report = CliRunner.Run("report", temp["cmp/runs/nao-s1"]);
        Assert.Equal(0, report.ExitCode);
        Assert.True(File.Exists(temp["cmp/runs/nao-s1/report.md"]));
        var runs = CliRunner.Run("runs", temp["cmp/runs"]);
        Assert.Equal(0, runs.ExitCode);
        foreach (var name in new[] { "nao-s0", "nao-s1", "evolution-s0", "evolution-s1" }) Assert.Matches($@"{name}\s.*completed\s+30/30", runs.Out);
    }

    [Fact]
    public void Json_prints_one_object_with_every_figure_of_the_table_and_each_seeds_values()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("compare", "--strategies", "random,evolution", "--seeds", "3", "--budget", "60", "--out", temp["cmp"], "--json");
        Assert.Equal(0, result.ExitCode);

        var json = JsonNode.Parse(result.Out)!.AsObject(); // the whole of stdout is the one object
        Assert.Equal("c10valid_val200_mean", (string?)json["metric"]);
        var optimum = (double)json["optimum"]!;
        Assert.Equal([50, 60], json["budgets"]!.AsArray().Select(b => (int)b!));
        var csv = File.ReadAllLines(temp["cmp/compare.csv"]).Skip(1).Select(l => l.Split(',')).ToList();
        var strategies = json["strategies"]!.AsArray();
        Assert.Equal(["random", "evolution"], strategies.Select(s => (string?)s!["strategy"]));
        foreach (var strategy in strategies)
        {
            Assert.Equal([0, 1, 2], strategy!["seeds"]!.AsArray().Select(s => (int)s!));
            foreach (var budget in strategy["budgets"]!.AsArray())
            {
                var perSeed = budget!["per_seed"]!.AsArray();
                Assert.Equal(3, perSeed.Count);
                var bests = perSeed.Select(p => (double)p!["best"]!).ToList();
                Assert.Equal(bests.Average(), (double)budget["best_mean"]!, 9);
                Assert.Equal(optimum - bests.Average(), (double)budget["regret_mean"]!, 9);
                Assert.Equal(perSeed.Select(p => (double)p!["regret"]!), bests.Select(b => optimum - b));
                Assert.True((double)budget["best_se"]! >= 0 && (double)budget["regret_se"]! >= 0);
                // The same figures as compare.csv, unrounded.
                var row = csv.Single(r => r[0] == (string?)strategy["strategy"] && r[1] == ((int)budget["budget"]!).ToString(CultureInfo.InvariantCulture));
                Assert.Equal(double.Parse(row[3], CultureInfo.InvariantCulture), (double)budget["best_mean"]!);
                Assert.Equal(double.Parse(row[6], CultureInfo.InvariantCulture), (double)budget["regret_se"]!);
            }
        }
        var runs = json["runs"]!.AsArray();
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.True(RunStore.IsRun((string)r!["run"]!)));
        Assert.Contains("standard error", (string?)json["caption"]);
        Assert.Contains(temp["cmp/compare.png"], json["files"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public void With_noise_seed_s_equals_nao_search_with_seed_s_and_two_seeds_see_different_noise()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("compare", "--strategies", "random,evolution", "--seeds", "2", "--budget", "20", "--noise", "0.5", "--out", temp["cmp"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "evolution", "--seed", "1", "--budget", "20", "--noise", "0.5", "--run", temp["evo1"]).ExitCode);

        RunTrials.AssertSame(temp["evo1"], temp["cmp/runs/evolution-s1"]);
        // The noise drawn for one architecture under each seed's stored options.
        var architecture = RunTrials.Trials(temp["cmp/runs/random-s0"])[0].Genotype;
        var scores = new[] { "random-s0", "random-s1" }.Select(run =>
        {
            using var store = RunStore.Open(temp[$"cmp/runs/{run}"]);
            return TabularEvaluator.Create(store.Options.Benchmark).EvaluateAsync(architecture, CancellationToken.None).Result.Score;
        }).ToList();
        Assert.NotEqual(scores[0], scores[1]);
    }

    [Fact]
    public void A_folder_that_holds_a_comparison_is_refused_before_anything_runs_and_keeps_its_results()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("compare", "--strategies", "random", "--seeds", "1", "--budget", "20", "--out", temp["cmp"]).ExitCode);
        var csv = File.ReadAllText(temp["cmp/compare.csv"]);
        var trials = RunTrials.Read(temp["cmp/runs/random-s0"]);

        var again = CliRunner.Run("compare", "--strategies", "random", "--seeds", "1", "--budget", "30", "--out", temp["cmp"]);

        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already holds a comparison; choose another --out", again.Error);
        Assert.Equal(csv, File.ReadAllText(temp["cmp/compare.csv"]));
        Assert.Equal(trials, RunTrials.Read(temp["cmp/runs/random-s0"]));
    }

    [Fact]
    public void An_out_path_that_is_a_file_is_refused_and_the_file_kept()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["notes.txt"], "mine");

        var result = CliRunner.Run("compare", "--strategies", "random", "--seeds", "1", "--budget", "20", "--out", temp["notes.txt"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is a file; name a new folder", result.Error);
        Assert.Equal("mine", File.ReadAllText(temp["notes.txt"]));
    }
}
