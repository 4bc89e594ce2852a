using Nao.Experiments;

namespace Nao.Tests.Commands;

public sealed class FidelitySearchTests
{
    [Fact]
    public void A_hyperband_search_on_the_benchmark_stores_each_trials_fidelity_and_resumes_to_the_same_trials()
    {
        using var temp = new TempFolder();
        string[] args = ["search", "--strategy", "random", "--scheduler", "hyperband", "--budget", "30", "--seed", "2"];

        var result = CliRunner.Run([.. args, "--run", temp["run"]]);

        Assert.Equal(0, result.ExitCode);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal([12.0, 12, 12, 200, 200, 200], trials.Take(6).Select(t => (double)t.Record["fidelity"]!));
        Assert.Equal(1.0 * 12 / 200, trials[0].Metrics["cost"]);
        var again = CliRunner.Run("search", "--resume", temp["run"], "--budget", "40");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(40, RunTrials.Trials(temp["run"]).Count);
    }

    [Theory]
    [InlineData("--early-stop", "sometimes", "Unknown early-stopping rule 'sometimes'")]
    [InlineData("--scheduler", "asha", "Unknown scheduler 'asha'")]
    [InlineData("--fidelities", "10,200", "use --fidelities 12,200")]
    [InlineData("--stop", "patience=3", "unknown setting 'patience'")]
    public void Bad_early_stop_and_scheduler_options_exit_with_code_2_and_the_fix(string option, string value, string message)
    {
        using var temp = new TempFolder();
        string[] extra = option is "--fidelities" ? ["--scheduler", "hyperband"] : option is "--stop" ? ["--early-stop", "median"] : [];

        var result = CliRunner.Run(["search", "--budget", "70", option, value, .. extra, "--run", temp["run"]]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}
