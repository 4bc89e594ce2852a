using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Rendering;
using Nao.Reporting;
using Nao.Storage;
using Nao.Search;
using Nao.Sessions;

namespace Nao.Cli.Commands;

/// <summary><c>nao search</c>: runs (or resumes) a search into a run folder and reports the best architecture.</summary>
public static class SearchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var set = new SearchOptionSet();
        var strategy = new Option<string>("--strategy") { Description = "nao, random, evolution, local (local search) or bananas (BANANAS-style predictor-guided evolution).", DefaultValueFactory = _ => new SearchOptions().Strategy };
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
            await using var workers = await ClusterSearch.ConnectAsync(cluster, parse, console, token);
            var runner = Runners.Create(workers is null ? null : o => workers.CreateEvaluator(o, token), console.Error);
            SearchSession session;
            if (parse.GetValue(resume) is { } resumeDir)
            {
                // Held from here to the end of the search; a second search on the folder is refused before it reads or writes anything.
                session = SearchSession.Resume(resumeDir, runner, CommandOptions.WasGiven(parse, set.Budget) ? parse.GetValue(set.Budget) : null);
                try
                {
                    if (session.IsComplete)
                    {
                        var done = await session.RunAsync(null, token);
                        console.Error.WriteLine($"{resumeDir} is complete ({session.StoredTrials.Count} trials, budget {session.Store.Options.Loop.Budget}); nothing to resume. "
                            + $"To extend it: nao search --resume {resumeDir} --budget N (N > {session.StoredTrials.Count}).");
                        Print(console, session.Store, done.Summary, done.ReportPath, parse.GetValue(json));
                        session.Dispose();
                        return ExitCodes.Success;
                    }
                    await ClusterSearch.CheckAsync(workers, session.Store.Options, token);
                    var kept = session.StoredTrials.Count(t => t.IsFinished);
                    console.Error.WriteLine(session.PreviousBudget < session.Store.Options.Loop.Budget
                        ? $"Extending {resumeDir} from {session.PreviousBudget} to {session.Store.Options.Loop.Budget} trials: {kept} finished trials are kept."
                        : $"Resuming {resumeDir}: {kept} finished trials are kept.");
                }
                catch
                {
                    session.Dispose();
                    throw;
                }
            }
            else
            {
                var options = SearchSession.Describe(
                    ClusterSearch.WithParallelism(set.Bind(parse, parse.GetValue(strategy)!, parse.GetValue(seed)), workers, parse, set.Parallel), runner);
                await ClusterSearch.CheckAsync(workers, options, token);
                var dir = parse.GetValue(run) ?? Path.Combine("runs",
                    string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:yyyyMMdd-HHmmss}-{options.Strategy}-{options.Space}-s{options.Seed}"));
                session = SearchSession.Create(dir, options, runner);
                console.Error.WriteLine($"Run folder: {dir} (if interrupted: nao search --resume {dir})");
            }
            using (session)
            {
                // A controller checkpoint that is not the one its round saved is refitted; say so, naming the file and why.
                session.Warning = console.Error.WriteLine;
                SearchResult result;
                try
                {
                    result = await session.RunAsync(ProgressPrinter.For(console.Error, session.Store.Options), token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    console.Error.WriteLine($"Stopped. Finished trials are saved; continue with: nao search --resume {session.Store.Directory}");
                    throw;
                }
                Print(console, session.Store, result.Summary, result.ReportPath, parse.GetValue(json));
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
