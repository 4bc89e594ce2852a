using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Rendering;
using Nao.Reporting;
using Nao.Storage;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary><c>nao search</c>: runs (or resumes) a search into a run folder and reports the best architecture.</summary>
public static class SearchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var set = new SearchOptionSet();
        var strategy = new Option<string>("--strategy") { Description = "nao, random or evolution.", DefaultValueFactory = _ => new SearchOptions().Strategy };
        var seed = new Option<int>("--seed") { Description = "Seed of the search (and of the benchmark noise).", DefaultValueFactory = _ => 0 };
        var run = new Option<string?>("--run") { Description = "The run folder to create (default: runs/DATE-STRATEGY-SPACE-sSEED)." };
        var resume = new Option<string?>("--resume") { Description = "Resume the interrupted run in this folder, with its stored options." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("search", "Search for the best architecture: NAO (default), random search or regularized evolution. Progress goes to stderr, the result to stdout; every trial is kept in the run folder.");
        var cluster = new ClusterOptionSet(required: false, ClusterSearch.Description, coordinator: true);
        foreach (var option in set.All.Prepend(strategy).Append(seed).Append(run).Append(resume).Append(json).Concat(cluster.All)) command.Options.Add(option);
        command.SetAction((parse, ct) => console.RunAsync(async token =>
        {
            if (parse.GetValue(resume) is not null)
            {
                // --budget is the one option a resume may change: it extends (or finishes sooner) the same sequence of trials.
                var extra = set.Explicit(parse).Where(name => name != set.Budget.Name)
                    .Concat(new Option[] { strategy, seed, run }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name)).ToList();
                if (extra.Count > 0)
                {
                    throw new UsageException($"--resume continues a run with the options it was started with (only --budget may change); drop {string.Join(", ", extra)}.");
                }
            }
            else if (parse.GetValue(cluster.Cluster) is not null)
            {
                ClusterSearch.PreValidate(set.Bind(parse, parse.GetValue(strategy)!, parse.GetValue(seed)));
            }
            // The coordinator alone writes the run: with --cluster only the evaluator changes, so store, resume and report are those of a local search.
            await using var session = await ClusterSearch.ConnectAsync(cluster, parse, console, token);
            var runner = Factories.Runner(session is null ? null : o => session.CreateEvaluator(o, token), console.Error);
            RunStore store;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                // Held from here to the end of the search; a second search on the folder is refused before it reads or writes anything.
                store = RunStore.Open(resumeDir);
                try
                {
                    SearchOptionSet.Validate(store.Options, runner);
                    // Verifies every stored trial before the search starts, so a damaged run is refused with its status untouched.
                    var stored = store.LoadTrials();
                    var oldBudget = store.Options.Loop.Budget;
                    var grew = CommandOptions.WasGiven(parse, set.Budget) && ResumedRun.SetBudget(store, stored, parse.GetValue(set.Budget), runner);
                    if (!grew && ResumedRun.IsComplete(store, stored))
                    {
                        using (store)
                        {
                            console.Error.WriteLine($"{resumeDir} is complete ({stored.Count} trials, budget {store.Options.Loop.Budget}); nothing to resume. "
                                + $"To extend it: nao search --resume {resumeDir} --budget N (N > {stored.Count}).");
                            var reportPath = Path.Combine(store.Directory, RunReport.FileName);
                            if (!File.Exists(reportPath)) reportPath = RunReport.Write(store)[0];
                            Print(console, store, SearchSummary.FromStored(stored, store.Options.Loop.Budget), reportPath, parse.GetValue(json));
                        }
                        return ExitCodes.Success;
                    }
                    await ClusterSearch.CheckAsync(session, store.Options, token);
                    console.Error.WriteLine(grew
                        ? $"Extending {resumeDir} from {oldBudget} to {store.Options.Loop.Budget} trials: {stored.Count(t => t.IsFinished)} finished trials are kept."
                        : $"Resuming {resumeDir}: {stored.Count(t => t.IsFinished)} finished trials are kept.");
                }
                catch
                {
                    // A refused resume leaves the run as it was; release the database so the folder can be moved or deleted.
                    store.Dispose();
                    throw;
                }
            }
            else
            {
                var options = Factories.Describe(SearchOptionSet.Validate(
                    ClusterSearch.WithParallelism(set.Bind(parse, parse.GetValue(strategy)!, parse.GetValue(seed)), session, parse, set.Parallel), runner));
                await ClusterSearch.CheckAsync(session, options, token);
                var dir = parse.GetValue(run) ?? Path.Combine("runs",
                    string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:yyyyMMdd-HHmmss}-{options.Strategy}-{options.Space}-s{options.Seed}"));
                if (RunStore.IsRun(dir)) throw new UsageException($"'{dir}' already holds a run. Resume it with 'nao search --resume {dir}', or choose another --run folder.");
                store = RunStore.Create(dir, options);
                console.Error.WriteLine($"Run folder: {dir} (if interrupted: nao search --resume {dir})");
            }
            using (store)
            {
                // A controller checkpoint that is not the one its round saved is refitted; say so, naming the file and why.
                var refitted = 0;
                store.CheckpointWarning = warning =>
                {
                    refitted++;
                    console.Error.WriteLine(warning);
                };
                SearchSummary summary;
                try
                {
                    summary = await runner.RunAsync(store, ProgressPrinter.For(console.Error, store.Options), token);
                }
                catch (ReplayMismatchException e) when (refitted > 0)
                {
                    // The refit gave other proposals than the stored run: its trials changed since the fit, or the fit is not
                    // reproducible here. Going on would silently continue another search.
                    throw new UsageException($"{e.Message} Before this, a controller checkpoint was refitted (see the warning above), and the refit " +
                        "does not reproduce the stored run. Restore the run folder from a backup, or start a new run.");
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    RunReport.Write(store);
                    console.Error.WriteLine($"Stopped. Finished trials are saved; continue with: nao search --resume {store.Directory}");
                    throw;
                }
                var files = RunReport.Write(store);
                Print(console, store, summary, files[0], parse.GetValue(json));
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static void Print(CliConsole console, RunStore store, SearchSummary summary, string report, bool json)
    {
        var options = store.Options;
        var reference = RunReport.BenchmarkReference(options);
        var best = summary.Best;
        double? exact = best is not null && reference is { } r && best.Metrics.TryGetValue(r.Metric, out var v) ? v : null;
        double? regret = exact is { } e && reference is { } rr ? rr.Best - e : null;
        if (json)
        {
            var result = new JsonObject
            {
                ["run"] = store.Directory,
                ["space"] = options.Space,
                ["strategy"] = options.Strategy,
                ["seed"] = options.Seed,
                ["budget"] = options.Loop.Budget,
                ["trials"] = summary.Trials.Count,
                ["failed"] = summary.Failed,
                ["evaluated"] = summary.Evaluated,
                ["replayed"] = summary.Replayed,
                ["seconds"] = summary.Duration.TotalSeconds,
                ["best"] = best is null ? null : new JsonObject
                {
                    ["trial"] = best.Index,
                    ["round"] = best.Round,
                    ["score"] = best.Score,
                    ["architecture"] = best.Genotype.Canonical,
                    ["metrics"] = JsonSerializer.SerializeToNode(best.Metrics, RunJson.Compact),
                },
                ["regret"] = regret,
                ["optimum"] = reference?.Best,
                ["report"] = report,
                ["standalone"] = new JsonArray([.. store.LoadStandalone().Select(r => (JsonNode)new JsonObject
                {
                    ["role"] = r.Role,
                    ["rank"] = r.Rank,
                    ["architecture"] = r.Genotype.Canonical,
                    ["shared_score"] = double.IsFinite(r.SharedScore) ? r.SharedScore : null,
                    ["status"] = r.Status.ToString().ToLowerInvariant(),
                    ["score"] = double.IsFinite(r.Score) ? r.Score : null,
                    ["metrics"] = JsonSerializer.SerializeToNode(r.Metrics, RunJson.Compact),
                    ["seconds"] = r.Seconds,
                })]),
            };
            console.Out.WriteLine(result.ToJsonString(RunJson.Options));
            return;
        }
        var o = console.Out;
        o.WriteLine($"run:       {store.Directory}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"search:    {options.Strategy} on {options.Space}, seed {options.Seed}: {summary.Trials.Count} trials ({summary.Failed} failed, {summary.Replayed} replayed) in {summary.Duration.TotalSeconds:0.0} s"));
        if (best is null)
        {
            o.WriteLine("best:      no trial succeeded");
        }
        else
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best:      {best.Score:0.####} (trial {best.Index}, round {best.Round})"));
            if (regret is { } g) o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"regret:    {g:0.####} (table best {reference!.Value.Best:0.####} {reference.Value.Metric})"));
            o.WriteLine($"arch:      {best.Genotype.Canonical}");
            o.Write(TextDrawing.Draw(best.Genotype));
        }
        foreach (var line in StandaloneLines(store)) o.WriteLine(line);
        o.WriteLine($"report:    {report}");
    }

    /// <summary>The final retraining of a weight-sharing search, one line per architecture, best pick first.</summary>
    private static IEnumerable<string> StandaloneLines(RunStore store) =>
        store.LoadStandalone().Select(r => string.Create(CultureInfo.InvariantCulture,
            $"retrained: {r.Role} {r.Rank}: stand-alone {(r.Status == TrialStatus.Ok ? r.Score.ToString("0.####", CultureInfo.InvariantCulture) : "failed")}, shared-weight {r.SharedScore:0.####} ({r.Genotype.Canonical})"));
}
