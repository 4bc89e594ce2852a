using System.Text.Json.Nodes;
using Nao.Cli;
using Nao.Experiments;

namespace Nao.Tests.Commands;

public sealed class SearchCommandTests
{
    [Fact]
    public void A_random_search_on_the_embedded_table_stores_every_trial_and_prints_the_best()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--strategy", "random", "--budget", "30", "--seed", "4", "--run", temp["run"]);

        Assert.Equal(0, result.ExitCode);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(30, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Ok, t.Status));
        var best = trials.MaxBy(t => t.Score)!;
        Assert.Contains($"arch:      {best.Genotype.Canonical}", result.Out);
        Assert.Contains("regret:", result.Out);
        Assert.Contains("30/30 evaluations", result.Error);
        Assert.True(File.Exists(temp["run/report.md"]));
        Assert.True(File.Exists(temp["run/best-so-far.png"]));
        Assert.True(File.Exists(temp["run/options.json"]));
    }

    [Fact]
    public void Json_output_names_the_best_architecture_and_its_regret()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--strategy", "evolution", "--budget", "25", "--run", temp["run"], "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Out)!;
        Assert.Equal(25, (int)json["trials"]!);
        var best = RunTrials.Trials(temp["run"]).MaxBy(t => t.Score)!;
        Assert.Equal(best.Genotype.Canonical, (string?)json["best"]!["architecture"]);
        Assert.Equal(91.6067 - best.Score, (double)json["regret"]!, 3);
    }

    [Fact]
    public async Task A_search_stopped_by_ctrl_c_resumes_to_the_same_trials_as_an_uninterrupted_one()
    {
        using var temp = new TempFolder();
        string[] args = ["search", "--strategy", "evolution", "--budget", "40", "--parallel", "2", "--seed", "7"];
        Assert.Equal(0, CliRunner.Run([.. args, "--run", temp["whole"]]).ExitCode);

        using var cancel = new CancellationTokenSource();
        // Ctrl-C once the progress display reports 8 of 40 evaluations.
        var error = new CancelOnText("8/40 evaluations", cancel);
        var code = await NaoApp.RunAsync([.. args, "--run", temp["cut"]], new StringWriter(), error, cancel.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("nao search --resume", error.ToString());
        var kept = RunTrials.Trials(temp["cut"]).Count(t => t.IsFinished);
        Assert.InRange(kept, 8, 39);

        var resumed = CliRunner.Run("search", "--resume", temp["cut"]);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"{kept} finished trials are kept", resumed.Error);
        RunTrials.AssertSame(temp["whole"], temp["cut"]);
    }

    [Theory]
    [InlineData("Unknown search space 'cifar'", "--space", "cifar")]
    [InlineData("Unknown strategy name 'bayes'", "--strategy", "bayes")]
    [InlineData("must exceed NAO's initial pool (60)", "--budget", "60")]
    [InlineData("Benchmark file 'missing.csv' does not exist", "--strategy", "random", "--benchmark", "missing.csv")]
    [InlineData("Unknown metric 'accuracy'", "--strategy", "random", "--metric", "accuracy")]
    [InlineData("needs the nb201 space, not 'nasnet'", "--space", "nasnet", "--strategy", "random")]
    [InlineData("number of parallel evaluations must be at least 1", "--strategy", "random", "--parallel", "0")]
    [InlineData("tournament size must be between 1 and the population size", "--strategy", "evolution", "--tournament", "50")]
    public void Bad_options_fail_before_any_work_with_a_message_naming_the_problem(string message, params string[] args)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["search", .. args, "--run", temp["run"]]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.False(File.Exists(temp["run/run.db"]));
    }

    [Fact]
    public void Resume_refuses_options_that_would_change_the_run_and_folders_that_are_not_runs()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "random", "--budget", "5", "--run", temp["run"]).ExitCode);

        var changed = CliRunner.Run("search", "--resume", temp["run"], "--seed", "3", "--noise", "0.1");
        Assert.Equal(ExitCodes.Usage, changed.ExitCode);
        Assert.Contains("drop --noise, --seed", changed.Error);

        var missing = CliRunner.Run("search", "--resume", temp["nowhere"]);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);

        var again = CliRunner.Run("search", "--strategy", "random", "--budget", "5", "--run", temp["run"]);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already holds a run", again.Error);
    }

    private sealed class CancelOnText(string text, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text) == true) cancel.Cancel();
        }
    }
}
