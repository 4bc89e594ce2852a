using System.CommandLine;
using Nao.Reporting;
using Nao.Storage;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao report DIR</c>: writes a run's Markdown report and plots into its folder. Trials a damaged store lost are
/// left out and named; the exit code is then 2.
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "A run folder made by nao search." };
        var command = new Command("report", "Write a run's report: report.md, best-so-far.png, rounds.png and pairwise-accuracy.png (NAO), best.svg.") { dir };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            // A reader: a search may hold the run meanwhile, and a damaged run is reported with what can be read.
            using var store = RunStore.OpenReader(parse.GetValue(dir)!);
            foreach (var file in RunReport.Write(store)) console.Out.WriteLine(file);
            return StoreWarnings.Print(console, store);
        }, ct));
        return command;
    }
}
