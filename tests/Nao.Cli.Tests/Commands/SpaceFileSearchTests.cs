namespace Nao.Tests.Commands;

/// <summary>
/// Searches on spaces from files: the sample files of the built-in nb201 and enas spaces give the same trials as the
/// built-in spaces, and a space of a user's own runs every strategy with a trial command.
/// </summary>
public sealed class SpaceFileSearchTests
{
    private static readonly string[] QuickNao = ["--initial-pool", "12", "--per-round", "6", "--top-k", "4", "--controller", "epochs=15"];

    [Theory]
    [InlineData("random")]
    [InlineData("evolution")]
    [InlineData("nao")]
    public void The_nb201_space_file_gives_the_built_in_spaces_trials_on_the_benchmark(string strategy)
    {
        using var temp = new TempFolder();
        string[] common = ["search", "--strategy", strategy, "--budget", "30", "--seed", "3", .. strategy == "nao" ? QuickNao : []];
        Assert.Equal(0, CliRunner.Run([.. common, "--run", temp["builtin"]]).ExitCode);
        var file = CliRunner.Run([.. common, "--space-file", Samples.Path("spaces/nb201.yaml"), "--run", temp["file"]]);

        Assert.True(file.ExitCode == 0, file.Error);
        Assert.All(RunTrials.Trials(temp["file"]), t => Assert.Equal(Nao.Experiments.TrialStatus.Ok, t.Status));
        RunTrials.AssertSame(temp["builtin"], temp["file"]);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("evolution")]
    [InlineData("nao")]
    public void The_enas_space_file_gives_the_built_in_spaces_trials_with_a_trial_command(string strategy)
    {
        using var temp = new TempFolder();
        var command = Samples.ChecksumCommand(temp.Path);
        string[] common = ["search", "--strategy", strategy, "--budget", "20", "--seed", "2", "--evaluator", "command", "--command", command, .. strategy == "nao" ? QuickNao : []];
        var builtin = CliRunner.Run([.. common, "--space", "enas", "--run", temp["builtin"]]);
        Assert.True(builtin.ExitCode == 0, builtin.Error);
        var file = CliRunner.Run([.. common, "--space-file", Samples.Path("spaces/enas.yaml"), "--run", temp["file"]]);

        Assert.True(file.ExitCode == 0, file.Error);
        RunTrials.AssertSame(temp["builtin"], temp["file"]);
        var trials = RunTrials.Trials(temp["file"]);
        Assert.All(trials, t => Assert.Equal(Nao.Experiments.TrialStatus.Ok, t.Status));
        // The command's intermediate line is the trial's learning curve; its other numbers are metrics.
        Assert.All(trials, t => Assert.Single(t.Curve));
        Assert.All(trials, t => Assert.Equal(t.Genotype.Canonical.Length, t.Metrics["length"]));
        Assert.True(File.Exists(temp["file/trials/00000/stdout.log"]));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("evolution")]
    [InlineData("nao")]
    public void A_chain_space_of_a_users_own_runs_every_strategy_with_two_trials_at_once(string strategy)
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run(["search", "--strategy", strategy, "--budget", "24", "--parallel", "2", "--seed", "1", "--run", temp["run"],
            "--space-file", Samples.Path("spaces/chain.yaml"), "--evaluator", "command", "--command", Samples.ChecksumCommand(temp.Path), .. strategy == "nao" ? QuickNao : []]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(24, trials.Count);
        Assert.All(trials, t => Assert.Equal(Nao.Experiments.TrialStatus.Ok, t.Status));
        Assert.Equal(24, trials.Select(t => t.Genotype.Canonical).Distinct().Count());
        Assert.Contains("layer 0: ", result.Out);
        if (strategy == "nao") Assert.Contains(trials, t => t.Round > 0);
    }

    [Fact]
    public void A_resumed_space_file_run_does_not_need_the_file()
    {
        using var temp = new TempFolder();
        var space = temp["chain.yaml"];
        File.Copy(Samples.Path("spaces/chain.yaml"), space);
        string[] args = ["search", "--strategy", "evolution", "--budget", "12", "--seed", "4", "--space-file", space, "--evaluator", "command", "--command", Samples.ChecksumCommand(temp.Path)];
        Assert.Equal(0, CliRunner.Run([.. args, "--run", temp["whole"]]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["search", "--strategy", "evolution", "--budget", "6", "--seed", "4", "--space-file", space, "--evaluator", "command",
            "--command", Samples.ChecksumCommand(temp.Path), "--run", temp["cut"]]).ExitCode);
        File.Delete(space);

        var resumed = CliRunner.Run("search", "--resume", temp["cut"], "--budget", "12");

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        RunTrials.AssertSame(temp["whole"], temp["cut"]);
    }

    [Fact]
    public void A_malformed_space_file_is_refused_with_its_line_and_key()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["bad.yaml"], "name: bad\nvalues:\n  op: [a, b]\narchitecture:\n  - decison: op\n");

        var result = CliRunner.Run("search", "--space-file", temp["bad.yaml"], "--strategy", "random", "--evaluator", "command", "--command", "true", "--run", temp["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml:5", result.Error);
        Assert.Contains("'architecture'", result.Error);
        Assert.Contains("Did you mean 'decision'", result.Error);
        Assert.False(Directory.Exists(temp["run"]));
    }

    [Fact]
    public void A_space_file_that_takes_a_built_in_name_is_refused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["nb.yaml"], File.ReadAllText(Samples.Path("spaces/nb201.yaml")).Replace("name: nb201-file", "name: nb201"));

        var result = CliRunner.Run("show", "--space-file", temp["nb.yaml"], "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("name of a built-in space", result.Error);
    }

    [Fact]
    public void Spaces_lists_the_spaces_of_the_files_it_is_given()
    {
        var result = CliRunner.Run("spaces", Samples.Path("spaces/chain.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("chain (from ", result.Out);
        Assert.Contains("2.82e+12", result.Out);
        Assert.Contains("nb201", result.Out);
    }

    [Fact]
    public void The_command_evaluator_without_a_command_is_refused_before_the_run_folder_is_made()
    {
        using var temp = new TempFolder();

        var result = CliRunner.Run("search", "--space-file", Samples.Path("spaces/chain.yaml"), "--evaluator", "command", "--run", temp["run"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("trial command is empty", result.Error);
        Assert.False(Directory.Exists(temp["run"]));
    }

    [Fact]
    public void Compare_runs_every_strategy_on_a_space_file_and_keeps_each_search_as_a_run_of_that_space()
    {
        using var temp = new TempFolder();

        var result = CliRunner.Run("compare", "--strategies", "random,evolution", "--seeds", "2", "--budget", "10", "--out", temp["cmp"],
            "--space-file", Samples.Path("spaces/chain.yaml"), "--evaluator", "command", "--command", Samples.ChecksumCommand(temp.Path));

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var run in new[] { "random-s0", "random-s1", "evolution-s0", "evolution-s1" })
        {
            var trials = RunTrials.Trials(temp[$"cmp/runs/{run}"]);
            Assert.Equal(10, trials.Count);
            Assert.All(trials, t => Assert.IsType<Nao.SearchSpaces.Files.DecisionGenotype>(t.Genotype));
        }
        Assert.True(File.Exists(temp["cmp/compare.csv"]));
    }
}
