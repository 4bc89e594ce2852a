using Nao.Cli;

namespace Nao.Tests.Commands;

public sealed class RunsReportCompareTests
{
    [Fact]
    public void Runs_lists_each_run_with_its_strategy_progress_and_best_score()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "random", "--budget", "12", "--run", temp["a"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "evolution", "--budget", "15", "--run", temp["b"]).ExitCode);

        var result = CliRunner.Run("runs", temp.Path);

        Assert.Equal(0, result.ExitCode);
        var best = RunTrials.Trials(temp["b"]).Max(t => t.Score);
        Assert.Contains("random", result.Out);
        Assert.Contains("12/12", result.Out);
        Assert.Matches($@"evolution .* completed\s+15/15\s+{best.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture).Replace(".", "\\.")}", result.Out);
    }

    [Fact]
    public void Runs_on_a_missing_folder_says_how_runs_are_made()
    {
        var result = CliRunner.Run("runs", "/nonexistent/runs");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("nao search", result.Error);
    }

    [Fact]
    public void Report_writes_markdown_plots_and_the_best_drawing()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "random", "--budget", "20", "--run", temp["run"]).ExitCode);
        File.Delete(temp["run/report.md"]);

        var result = CliRunner.Run("report", temp["run"]);

        Assert.Equal(0, result.ExitCode);
        var markdown = File.ReadAllText(temp["run/report.md"]);
        var best = RunTrials.Trials(temp["run"]).MaxBy(t => t.Score)!;
        Assert.Contains(best.Genotype.Canonical, markdown);
        Assert.Contains("![best so far](best-so-far.png)", markdown);
        // A PNG starts with its 8-byte signature.
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(temp["run/best-so-far.png"])[..4]);
        Assert.StartsWith("<svg", File.ReadAllText(temp["run/best.svg"]).TrimStart());
    }

    [Fact]
    public void Compare_prints_mean_and_standard_error_per_budget_and_writes_csv_and_plot()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("compare", "--strategies", "random,evolution", "--seeds", "3", "--budget", "60", "--out", temp["cmp"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"random\s+50\s+3\s+\d+\.\d{4} ± \d+\.\d{4}\s+\d+\.\d{4} ± \d+\.\d{4}", result.Out);
        Assert.Matches(@"evolution\s+60\s+3", result.Out);
        var csv = File.ReadAllLines(temp["cmp/compare.csv"]);
        Assert.Equal("strategy,budget,seeds,best_mean,best_se,regret_mean,regret_se", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Equal(1 + 2 * 3 * 2, File.ReadAllLines(temp["cmp/compare-runs.csv"]).Length);
        Assert.True(new FileInfo(temp["cmp/compare.png"]).Length > 1000);
    }

    [Fact]
    public void Compare_rejects_an_unknown_strategy_before_running_anything()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("compare", "--strategies", "random,annealing", "--out", temp["cmp"]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unknown strategy name 'annealing'", result.Error);
        Assert.False(Directory.Exists(temp["cmp"]));
    }
}
