using System.CommandLine;
using Nao.Reporting;
using Nao.Storage;

namespace Nao.Cli.Commands;

/// <summary><c>nao report DIR</c>: writes a run's Markdown report and plots into its folder.</summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "A run folder made by nao search." };
        var command = new Command("report", "Write a run's report: report.md, best-so-far.png, rounds.png and pairwise-accuracy.png (NAO), best.svg.") { dir };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            using var store = RunStore.Open(parse.GetValue(dir)!);
            foreach (var file in RunReport.Write(store)) console.Out.WriteLine(file);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
