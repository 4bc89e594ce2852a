using System.CommandLine;
using System.Globalization;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Storage;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao runs [DIR]</c>: lists the runs in a folder with their status and best result. A run marked running that no
/// process holds shows as interrupted; trials a damaged store lost are left out and named, and the exit code is 2.
/// </summary>
public static class RunsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "A folder of runs, or one run folder.", DefaultValueFactory = _ => "runs", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("runs", "List the runs in a folder (default: runs) with status, progress and best score.") { dir };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            var root = parse.GetValue(dir)!;
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"'{root}' does not exist. Runs are made by 'nao search' (in ./runs unless --run says otherwise).");
            var folders = RunStore.IsRun(root) ? [root] : Directory.GetDirectories(root).Where(RunStore.IsRun).Order(StringComparer.Ordinal).ToList();
            if (folders.Count == 0)
            {
                console.Out.WriteLine($"No runs in '{root}'. Start one with 'nao search'.");
                return ExitCodes.Success;
            }
            console.Out.WriteLine($"{"run",-44} {"strategy",-9} {"space",-8} {"seed",4} {"status",-9} {"trials",9} {"best",9}  created");
            var code = ExitCodes.Success;
            foreach (var folder in folders)
            {
                RunStore store;
                try
                {
                    store = RunStore.OpenReader(folder);
                }
                catch (InvalidDataException e)
                {
                    // One unreadable run does not hide the others; the exit code says something was wrong.
                    console.Out.WriteLine($"{folder,-44} {"?",-9} {"?",-8} {"?",4} {"damaged",-9}");
                    console.Error.WriteLine($"error: {e.Message}");
                    code = ExitCodes.Usage;
                    continue;
                }
                using (store)
                {
                    var trials = store.LoadTrials();
                    var best = trials.Where(t => t.Status == TrialStatus.Ok).Select(t => t.Score).DefaultIfEmpty(double.NaN).Max();
                    var o = store.Options;
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{folder,-44} {o.Strategy,-9} {o.Space,-8} {o.Seed,4} {RunReport.StatusText(store),-9} {$"{trials.Count(t => t.IsFinished)}/{o.Loop.Budget}",9} {(double.IsNaN(best) ? "–" : best.ToString("0.####", CultureInfo.InvariantCulture)),9}  {store.Created:yyyy-MM-dd HH:mm}"));
                    if (StoreWarnings.Print(console, store) != ExitCodes.Success) code = ExitCodes.Usage;
                }
            }
            return code;
        }, ct));
        return command;
    }
}
