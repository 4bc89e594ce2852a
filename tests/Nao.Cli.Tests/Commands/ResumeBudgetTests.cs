using System.Text.Json.Nodes;
using Nao.Cli;
using Nao.Experiments;
using Nao.Storage;
using Nao.Search;

namespace Nao.Tests.Commands;

/// <summary><c>nao search --resume DIR</c> on a finished run, and with <c>--budget N</c> to extend or shorten it.</summary>
public sealed class ResumeBudgetTests
{
    [Theory]
    [InlineData("random", "1")]
    [InlineData("evolution", "1")]
    [InlineData("evolution", "3")]
    public void Extending_a_finished_run_with_a_larger_budget_gives_the_trials_of_a_run_started_with_that_budget(string strategy, string parallel)
    {
        using var temp = new TempFolder();
        string[] search = strategy == "evolution"
            ? ["search", "--strategy", strategy, "--seed", "5", "--parallel", parallel, "--population", "8", "--tournament", "3"]
            : ["search", "--strategy", strategy, "--seed", "5", "--parallel", parallel];
        Assert.Equal(0, CliRunner.Run([.. search, "--budget", "25", "--run", temp["whole"]]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. search, "--budget", "12", "--run", temp["extended"]]).ExitCode);

        var extended = CliRunner.Run("search", "--resume", temp["extended"], "--budget", "25");

        Assert.Equal(0, extended.ExitCode);
        Assert.Contains("Extending", extended.Error);
        Assert.Contains("from 12 to 25 trials: 12 finished trials are kept", extended.Error);
        RunTrials.AssertSame(temp["whole"], temp["extended"]);
        AssertStoredBudget(temp["extended"], 25);
    }

    [Fact]
    public void Extending_a_nao_run_that_stopped_inside_a_round_gives_the_trials_of_a_run_started_with_the_larger_budget()
    {
        using var temp = new TempFolder();
        // Budget 25 stops halfway through round 2 (10 random, then rounds of 10): NAO plans a round from --per-round,
        // not from the budget, so the extension goes on with the same round.
        string[] tiny = ["search", "--initial-pool", "10", "--top-k", "10", "--per-round", "10", "--controller", "epochs=5"];
        Assert.Equal(0, CliRunner.Run([.. tiny, "--budget", "35", "--run", temp["whole"]]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. tiny, "--budget", "25", "--run", temp["extended"]]).ExitCode);

        var extended = CliRunner.Run("search", "--resume", temp["extended"], "--budget", "35");

        Assert.Equal(0, extended.ExitCode);
        RunTrials.AssertSame(temp["whole"], temp["extended"]);
        AssertStoredBudget(temp["extended"], 35);
    }

    [Fact]
    public void Resuming_a_complete_run_says_so_and_prints_its_result_without_replaying_it()
    {
        using var temp = new TempFolder();
        var first = CliRunner.Run("search", "--strategy", "evolution", "--budget", "20", "--run", temp["run"]);
        Assert.Equal(0, first.ExitCode);
        var before = RunTrials.Read(temp["run"]);

        var again = CliRunner.Run("search", "--resume", temp["run"]);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is complete (20 trials, budget 20); nothing to resume", again.Error);
        Assert.Contains("--budget N", again.Error);
        // No progress lines: nothing was replayed (a wall-time bound would be flaky on the shared machine).
        Assert.DoesNotContain("evaluations", again.Error);
        // The same result block as at the end of the search.
        Assert.Equal(Lines(first.Out, "best:", "arch:", "regret:"), Lines(again.Out, "best:", "arch:", "regret:"));
        Assert.Equal(before, RunTrials.Read(temp["run"]));

        var json = JsonNode.Parse(CliRunner.Run("search", "--resume", temp["run"], "--json").Out)!;
        Assert.Equal(20, (int)json["trials"]!);
        Assert.Equal(RunTrials.Trials(temp["run"]).MaxBy(t => t.Score)!.Genotype.Canonical, (string?)json["best"]!["architecture"]);
    }

    [Fact]
    public void A_budget_below_the_trials_already_run_is_refused_and_leaves_the_run_as_it_was()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "random", "--budget", "15", "--run", temp["run"]).ExitCode);
        var before = RunTrials.Read(temp["run"]);

        var result = CliRunner.Run("search", "--resume", temp["run"], "--budget", "10");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("already holds 15 trials, so --budget 10 would leave some of them out", result.Error);
        Assert.Contains("Give --budget 15 or more", result.Error);
        Assert.Equal(before, RunTrials.Read(temp["run"]));
        AssertStoredBudget(temp["run"], 15);
    }

    [Fact]
    public void A_weight_sharing_run_cannot_be_extended_and_the_message_says_what_to_do()
    {
        using var temp = new TempFolder();
        var options = SearchFactory.Validate(new SearchOptions { Space = "enas", Strategy = "random", Evaluator = SearchFactory.WeightSharingEvaluator });
        RunStore.Create(temp["run"], options).Dispose();

        var result = CliRunner.Run("search", "--resume", temp["run"], "--budget", "500");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is a weight-sharing run", result.Error);
        Assert.Contains("start a new run with more --ws-rounds", result.Error);
        AssertStoredBudget(temp["run"], options.Loop.Budget);
    }

    [Fact]
    public void A_nao_budget_that_its_initial_pool_would_fill_is_refused_on_resume_too()
    {
        using var temp = new TempFolder();
        var options = new SearchOptions { Loop = new SearchLoopOptions { Budget = 80 } };
        RunStore.Create(temp["run"], options).Dispose();

        var result = CliRunner.Run("search", "--resume", temp["run"], "--budget", "60");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("must exceed NAO's initial pool (60)", result.Error);
        AssertStoredBudget(temp["run"], 80);
    }

    private static void AssertStoredBudget(string run, int budget)
    {
        using (var store = RunStore.Open(run)) Assert.Equal(budget, store.Options.Loop.Budget);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "options.json")))!;
        Assert.Equal(budget, (int)json["loop"]!["budget"]!);
    }

    private static List<string> Lines(string text, params string[] prefixes) =>
        [.. text.Split('\n').Where(l => prefixes.Any(l.StartsWith))];
}
