using System.Text.Json.Nodes;
using Nao.Cli;

namespace Nao.Tests.Commands;

/// <summary><c>nao search</c> with the real NAO controller, at a tiny size (a few controller epochs per round).</summary>
public sealed class NaoSearchCommandTests
{
    private static readonly string[] Tiny =
        ["search", "--budget", "30", "--initial-pool", "10", "--top-k", "10", "--per-round", "10", "--controller", "epochs=5"];

    [Fact]
    public void A_tiny_nao_search_runs_its_rounds_saves_controller_checkpoints_and_records_its_settings()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run([.. Tiny, "--run", temp["run"]]);

        Assert.Equal(0, result.ExitCode);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(30, trials.Count);
        Assert.Equal([0, 1, 2], trials.Select(t => t.Round).Distinct());
        Assert.Equal(30, trials.Select(t => t.Genotype).Distinct().Count());
        Assert.Contains(trials.Skip(10), t => (string?)t.Record["origin"] == "nao" && t.Record["eta"] is not null);
        Assert.True(File.Exists(temp["run/checkpoints/controller-round-1.bin"]));
        Assert.True(File.Exists(temp["run/checkpoints/controller-round-2.bin"]));
        var options = JsonNode.Parse(File.ReadAllText(temp["run/options.json"]))!;
        Assert.Equal(5, (int)options["controller"]!["epochs"]!);
        Assert.Equal("rank", (string?)options["controller"]!["normalization"]);
        Assert.Contains("round  2 |", result.Error);
        Assert.True(File.Exists(temp["run/rounds.png"]));
        Assert.True(File.Exists(temp["run/pairwise-accuracy.png"]));
    }

    [Fact]
    public async Task A_nao_search_stopped_by_ctrl_c_resumes_from_its_checkpoints_to_the_same_trials()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run([.. Tiny, "--run", temp["whole"]]).ExitCode);

        using var cancel = new CancellationTokenSource();
        var error = new CancelOnRound(cancel);
        var code = await NaoApp.RunAsync([.. Tiny, "--run", temp["cut"]], new StringWriter(), error, cancel.Token);
        Assert.Equal(ExitCodes.Cancelled, code);

        Assert.Equal(0, CliRunner.Run("search", "--resume", temp["cut"]).ExitCode);
        RunTrials.AssertSame(temp["whole"], temp["cut"]);
    }

    [Fact]
    public void An_unknown_controller_setting_is_refused_before_a_run_folder_is_made()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--controller", "depth=3", "--run", temp["run"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unknown --controller setting 'depth'. Valid settings: embeddingSize", result.Error);
        Assert.False(Directory.Exists(temp["run"]));
    }

    private sealed class CancelOnRound(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            // Ctrl-C early in round 2, after round 1's checkpoint was saved.
            if (value?.StartsWith("round  2", StringComparison.Ordinal) == true) cancel.Cancel();
        }
    }
}
