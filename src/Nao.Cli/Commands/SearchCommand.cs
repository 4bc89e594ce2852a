using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Rendering;
using Nao.Reporting;
using Nao.Storage;

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
                var extra = set.Explicit(parse).Concat(new Option[] { strategy, seed, run }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name)).ToList();
                if (extra.Count > 0)
                {
                    throw new UsageException($"--resume continues a run with the options it was started with; drop {string.Join(", ", extra)}.");
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
                store = RunStore.Open(resumeDir);
                SearchOptionSet.Validate(store.Options, runner);
                await ClusterSearch.CheckAsync(session, store.Options, token);
                console.Error.WriteLine($"Resuming {resumeDir}: {store.LoadTrials().Count(t => t.IsFinished)} finished trials are kept.");
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
                SearchSummary summary;
                try
                {
                    summary = await runner.RunAsync(store, ProgressPrinter.For(console.Error, store.Options), token);
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
