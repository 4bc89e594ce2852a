using System.Text.Json.Nodes;
using Nao.Cli;
using Nao.Experiments;
using Nao.Storage;
using Nao.Torch;

namespace Nao.Tests.Commands;

/// <summary><c>nao search --evaluator weight-sharing</c> (NAO-WS) end to end at tiny size on generated data.</summary>
public sealed class WeightSharingSearchTests
{
    public WeightSharingSearchTests() => TorchRuntime.Initialize();

    /// <summary>A tiny recurrent NAO-WS search: by default 2 rounds over pools of 6, 3 new per round, one thread.</summary>
    internal static string[] TinyRecurrent(string corpus, int rounds = 2, int epochs = 1, int hidden = 8) =>
    [
        "search", "--space", "enas-rnn", "--evaluator", "weight-sharing", "--seed", "4", "--ws-threads", "1",
        "--ws-rounds", $"{rounds}", "--ws-epochs", $"{epochs}", "--ws-pool", "6", "--ws-keep", "2", "--ws-new", "3", "--ws-random", "1", "--ws-top-k", "3",
        "--controller", "epochs=5", "--supernet", $"dataPath={corpus}", "--supernet", $"hidden={hidden}", "--supernet", "batchSize=4",
        "--supernet", "bptt=5", "--supernet", "maxBpttDelta=0", "--supernet", "devBatches=2", "--supernet", "devBatchSize=2",
    ];

    [Fact]
    public void A_recurrent_weight_sharing_search_scores_every_pool_retrains_the_best_and_reports_the_rank_correlation()
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        var result = CliRunner.Run([.. TinyRecurrent(corpus), "--final-train", "2", "--final-random", "2",
            "--training", $"dataPath={corpus}", "--training", "hidden=8", "--training", "batchSize=4", "--run", temp["run"], "--json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trials = RunTrials.Trials(temp["run"]);
        // Round 1: 6 in the pool + 3 new; round 2: 2 kept + 3 new + 1 random, then 3 new.
        Assert.Equal(6 + 3 + 2 + 3 + 1 + 3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Ok, t.Status));
        Assert.All(trials, t => Assert.Equal(-Math.Log(t.Metrics["ws_valid_perplexity"]), t.Score, 6));
        Assert.Contains(trials, t => (string?)t.Record["origin"] == "nao");
        Assert.Contains("supernet epoch   2", result.Error);

        using var store = RunStore.Open(temp["run"]);
        Assert.Equal(2, store.Curve().Count);
        Assert.Equal(2, store.LatestRound);
        var standalone = store.LoadStandalone();
        Assert.Equal(["top", "top", "random", "random"], standalone.Select(r => r.Role));
        Assert.All(standalone, r => Assert.Equal(TrialStatus.Ok, r.Status));
        Assert.All(standalone, r => Assert.True(double.IsFinite(r.SharedScore)));
        Assert.Equal(4, JsonNode.Parse(result.Out)!["standalone"]!.AsArray().Count);
        var report = File.ReadAllText(Path.Combine(temp["run"], "report.md"));
        Assert.Contains("## Stand-alone retraining", report);
        Assert.Contains("Rank correlation between shared-weight and stand-alone scores over 4 architectures", report);
        Assert.True(File.Exists(Path.Combine(temp["run"], "supernet-curve.png")));
    }

    [Fact]
    public void A_convolutional_weight_sharing_search_runs_on_cifar_batches()
    {
        using var temp = new TempFolder();
        using var cifar = new CifarFolder(perBatch: 6, test: 2);
        var result = CliRunner.Run("search", "--space", "enas", "--evaluator", "weight-sharing", "--strategy", "random", "--seed", "1", "--ws-threads", "1",
            "--ws-rounds", "2", "--ws-epochs", "1", "--ws-pool", "3", "--ws-keep", "1", "--ws-new", "2", "--ws-random", "1",
            "--supernet", $"dataPath={cifar.Path}", "--supernet", "filters=4", "--supernet", "batchSize=6", "--supernet", "devSize=12",
            "--supernet", "devBatches=2", "--run", temp["run"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(3 + 2 + 1 + 2 + 1 + 2, trials.Count);
        Assert.All(trials, t => Assert.InRange(t.Score, 0, 1));
        Assert.All(trials, t => Assert.Equal(2, t.Metrics["ws_dev_batches"]));
        using var store = RunStore.Open(temp["run"]);
        // The cosine schedule spans the whole search unless set: rounds × epochs per round.
        Assert.Equal(2, (int)store.Options.Supernet!["totalEpochs"]!);
    }

    [Fact]
    public async Task A_weight_sharing_search_stopped_mid_run_resumes_with_its_supernet_and_pool_to_the_same_trials()
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        Assert.Equal(0, CliRunner.Run([.. TinyRecurrent(corpus), "--run", temp["whole"]]).ExitCode);

        using var cancel = new CancellationTokenSource();
        // Stops at the first progress line of round 2: the supernet has trained twice and round 1 is all stored.
        var error = new CancelOnLine(cancel, "round  2");
        var code = await NaoApp.RunAsync([.. TinyRecurrent(corpus), "--run", temp["cut"]], new StringWriter(), error, cancel.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        using (var store = RunStore.Open(temp["cut"]))
        {
            Assert.Equal(2, store.LatestRound);
            Assert.True(store.LoadTrials().Count < RunTrials.Trials(temp["whole"]).Count);
        }

        var resumed = CliRunner.Run("search", "--resume", temp["cut"]);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        RunTrials.AssertSame(temp["whole"], temp["cut"]);
        // Both rounds' supernets were trained before the stop: the resume loads the latest and trains none.
        Assert.DoesNotContain("supernet epoch", resumed.Error);
    }

    [Theory]
    [InlineData("--budget", "drop --budget")]
    [InlineData("--parallel", "drop --parallel")]
    public void Loop_options_that_weight_sharing_sets_itself_are_refused(string option, string fix)
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        var result = CliRunner.Run([.. TinyRecurrent(corpus), option, "3", "--run", temp["run"]]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(fix, result.Error);
        Assert.False(RunStore.IsRun(temp["run"]));
    }

    [Theory]
    [InlineData(new[] { "--supernet", "hiden=8" }, "Unknown --supernet setting 'hiden'. Valid settings: dataset, dataPath, hidden")]
    [InlineData(new[] { "--final-train", "-1" }, "--final-train must be 0 (none)")]
    [InlineData(new[] { "--final-random", "2" }, "needs --final-train k")]
    [InlineData(new[] { "--training", "hidden=8" }, "add --final-train k, or drop --training")]
    [InlineData(new[] { "--strategy", "evolution" }, "--strategy nao")]
    public void Bad_weight_sharing_options_are_usage_errors_that_name_the_fix(string[] extra, string message)
    {
        using var temp = new TempFolder();
        var corpus = WriteCorpus(temp["ptb"]);
        var result = CliRunner.Run([.. TinyRecurrent(corpus), .. extra, "--run", temp["run"]]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.False(RunStore.IsRun(temp["run"]));
    }

    [Fact]
    public void Weight_sharing_options_without_the_weight_sharing_evaluator_are_refused()
    {
        var result = CliRunner.Run("search", "--ws-rounds", "2", "--budget", "70");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--ws-rounds apply to --evaluator weight-sharing only", result.Error);
    }

    [Fact]
    public void Missing_supernet_data_and_a_space_without_a_supernet_are_reported_before_any_work()
    {
        using var temp = new TempFolder();
        var missing = CliRunner.Run("search", "--space", "enas", "--evaluator", "weight-sharing", "--supernet", $"dataPath={temp["nowhere"]}", "--run", temp["run"]);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains($"The supernet data '{temp["nowhere"]}' does not exist. Set --supernet dataPath=FOLDER", missing.Error);

        var nb201 = CliRunner.Run("search", "--space", "nasnet", "--evaluator", "weight-sharing", "--run", temp["run"]);
        Assert.Equal(ExitCodes.Usage, nb201.ExitCode);
        Assert.Contains("Use --space enas, enas-rnn or nb201", nb201.Error);
        Assert.False(RunStore.IsRun(temp["run"]));
    }

    /// <summary>A tiny PTB-format corpus: <paramref name="repeat"/> × 60 training lines, 12 validation and test lines.</summary>
    internal static string WriteCorpus(string folder, int repeat = 1)
    {
        Directory.CreateDirectory(folder);
        var lines = new[] { " the cat sat on the mat\n", " a dog ran in the park\n", " the dog sat on a mat\n" };
        File.WriteAllText(Path.Combine(folder, "ptb.train.txt"), string.Concat(Enumerable.Range(0, 60 * repeat).Select(i => lines[i % 3])));
        File.WriteAllText(Path.Combine(folder, "ptb.valid.txt"), string.Concat(Enumerable.Range(0, 12).Select(i => lines[(i + 1) % 3])));
        File.WriteAllText(Path.Combine(folder, "ptb.test.txt"), string.Concat(Enumerable.Range(0, 12).Select(i => lines[(i + 2) % 3])));
        return folder;
    }

    private sealed class CancelOnLine(CancellationTokenSource cancel, string marker) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(marker, StringComparison.Ordinal)) cancel.Cancel();
        }
    }
}
