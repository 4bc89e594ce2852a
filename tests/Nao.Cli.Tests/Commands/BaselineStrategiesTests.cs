using Nao.Cli;
using Nao.Experiments;

namespace Nao.Tests.Commands;

public sealed class BaselineStrategiesTests
{
    [Fact]
    public void Search_accepts_local_and_stores_a_climb_of_neighbours()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--strategy", "local", "--budget", "30", "--seed", "2", "--run", temp["run"]);

        Assert.Equal(0, result.ExitCode);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(30, trials.Count);
        Assert.Equal("random", (string?)trials[0].Record["origin"]);
        Assert.Equal("neighbour", (string?)trials[1].Record["origin"]);
        Assert.Equal(30, trials.Select(t => t.Genotype).Distinct().Count());
    }

    [Fact]
    public void Search_accepts_bananas_with_its_pool_and_round_sizes()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("search", "--strategy", "BANANAS", "--budget", "14", "--bananas-pool", "6", "--bananas-per-round", "4",
            "--bananas-candidates", "20", "--run", temp["run"]);

        Assert.Equal(0, result.ExitCode);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(14, trials.Count);
        Assert.All(trials.Take(6), t => Assert.Equal("random", (string?)t.Record["origin"]));
        Assert.All(trials.Skip(6), t => Assert.Equal("bananas", (string?)t.Record["origin"]));
        Assert.Equal([0, 1, 2], trials.Select(t => t.Round).Distinct().Order());
    }

    [Theory]
    [InlineData("--bananas-pool", "1", "--bananas-pool")]
    [InlineData("--bananas-per-round", "0", "--bananas-per-round")]
    [InlineData("--bananas-candidates", "3", "--bananas-candidates")]
    [InlineData("--budget", "10", "BANANAS initial pool")]
    public void Bad_bananas_options_exit_2_with_the_option_named(string option, string value, string named)
    {
        var result = CliRunner.Run("search", "--strategy", "bananas", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(named, result.Error);
    }

    [Fact]
    public void An_unknown_strategy_lists_local_and_bananas()
    {
        var result = CliRunner.Run("search", "--strategy", "hillclimb", "--budget", "5");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("local", result.Error);
        Assert.Contains("bananas", result.Error);
    }

    [Fact]
    public void Compare_runs_the_new_strategies_from_the_first_seed_it_is_given()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("compare", "--strategies", "local,bananas", "--first-seed", "3", "--seeds", "2", "--budget", "12",
            "--bananas-pool", "6", "--bananas-per-round", "6", "--out", temp["cmp"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var run in new[] { "local-s3", "local-s4", "bananas-s3", "bananas-s4" }) Assert.Equal(12, RunTrials.Trials(temp[$"cmp/runs/{run}"]).Count);
        Assert.False(Directory.Exists(temp["cmp/runs/local-s0"]));
        // Seed 4 of the comparison is nao search --seed 4.
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "local", "--seed", "4", "--budget", "12", "--run", temp["one"]).ExitCode);
        Assert.Equal(RunTrials.Trials(temp["cmp/runs/local-s4"]).Select(t => t.Genotype), RunTrials.Trials(temp["one"]).Select(t => t.Genotype));
    }

    [Fact]
    public void A_negative_first_seed_exits_2()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("compare", "--strategies", "local", "--first-seed", "-1", "--seeds", "1", "--budget", "10", "--out", temp["cmp"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--first-seed", result.Error);
    }
}
