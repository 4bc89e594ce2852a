using System.CommandLine;
using System.Globalization;
using Nao.Experiments;
using Nao.Storage;

namespace Nao.Cli.Commands;

/// <summary><c>nao runs [DIR]</c>: lists the runs in a folder with their status and best result.</summary>
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
            foreach (var folder in folders)
            {
                using var store = RunStore.Open(folder);
                var trials = store.LoadTrials();
                var best = trials.Where(t => t.Status == TrialStatus.Ok).Select(t => t.Score).DefaultIfEmpty(double.NaN).Max();
                var o = store.Options;
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{folder,-44} {o.Strategy,-9} {o.Space,-8} {o.Seed,4} {store.Status.ToString().ToLowerInvariant(),-9} {$"{trials.Count(t => t.IsFinished)}/{o.Loop.Budget}",9} {(double.IsNaN(best) ? "–" : best.ToString("0.####", CultureInfo.InvariantCulture)),9}  {store.Created:yyyy-MM-dd HH:mm}"));
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
