using System.CommandLine;
using System.Globalization;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Storage;
using Nao.Sessions;
using Nao.Search;
using Nao.Objectives;

namespace Nao.Cli.Commands;

/// <summary>
/// <c>nao compare</c>: runs strategies over many seeds, each search a run folder under <c>OUT/runs/</c>, and
/// summarizes best value and regret at several budgets.
/// </summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var set = new SearchOptionSet();
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies to compare.", DefaultValueFactory = _ => string.Join(',', SearchFactory.Strategies.Where(s => s != Nao.Strategies.Nsga2Evolution.StrategyName)) };
        var seeds = new Option<int>("--seeds") { Description = "Searches per strategy (seeds 0..N-1, each exactly nao search --seed S, benchmark noise included).", DefaultValueFactory = _ => 20 };
        var firstSeed = new Option<int>("--first-seed") { Description = "The first seed: the searches use seeds S..S+N-1 (e.g. tune on 0-9, report on --first-seed 10 --seeds 30).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "A new folder for compare.csv, compare-runs.csv, compare.png, compare.md and runs/STRATEGY-sSEED/ (default: runs/compare-DATE)." };
        var json = new Option<bool>("--json") { Description = "Print every figure of the table as one JSON object." };
        var command = new Command("compare", "Run several strategies over many seeds with the same budget and print mean ± standard error of the best value and of the regret at budgets 50, 100, 200. Each search is kept as a run folder (nao report, nao runs).");
        foreach (var option in set.All.Prepend(firstSeed).Prepend(seeds).Prepend(strategies).Append(output).Append(json)) command.Options.Add(option);
        command.SetAction((parse, ct) => console.RunAsync(async token =>
        {
            var runner = Runners.Create();
            var names = parse.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new UsageException("--strategies is empty; name at least one of: " + string.Join(", ", SearchFactory.Strategies) + ".");
            var count = parse.GetValue(seeds);
            if (count < 1) throw new UsageException($"--seeds must be at least 1; got {count}.");
            var first = parse.GetValue(firstSeed);
            if (first < 0) throw new UsageException($"--first-seed must be at least 0; got {first}.");
            var baseOptions = set.Bind(parse, names[0], 0);
            if (string.Equals(baseOptions.Evaluator.Trim(), SearchFactory.WeightSharingEvaluator, StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("nao compare does not run weight-sharing searches: each trains its own supernet, strategies × seeds of them. Run each with nao search --evaluator weight-sharing --strategy nao|random --seed S.");
            }
            // Each strategy's complete options, exactly as nao search stores them (the controller's settings for NAO),
            // so that seed S of the comparison is nao search --strategy X --seed S.
            var all = names.Select(n => SearchSession.Describe(baseOptions with { Strategy = n }, runner)).ToList();
            var dir = parse.GetValue(output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"compare-{DateTime.Now:yyyyMMdd-HHmmss}"));
            var runsDir = Path.Combine(dir, "runs");
            if (File.Exists(dir)) throw new UsageException($"--out '{dir}' is a file; name a new folder for the comparison.");
            if (File.Exists(Path.Combine(dir, "compare.csv")) || Directory.Exists(runsDir))
            {
                throw new UsageException($"'{dir}' already holds a comparison; choose another --out folder (nothing in '{dir}' was changed).");
            }
            var runs = await new Comparison(runner).RunAsync(all, count, runsDir, first, run =>
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Strategy,-10} seed {run.Seed,3}: best {run.BestSoFar[^1]:0.####} in {run.Duration.TotalSeconds:0.0} s ({run.Run})")), token);
            var reference = RunReport.BenchmarkReference(all[0]);
            // With constraints the regret is to the best feasible architecture of the table (every evaluated one is feasible).
            var objectives = all[0].Objectives;
            var costs = objectives.IsActive ? runner.Parts.CostModel(all[0], runner.Parts.Space(all[0])) : null;
            var table = costs is null ? null : ObjectiveComparison.Table(all[0]);
            var best = reference?.Best;
            if (table is not null && objectives.Constraints.Count > 0)
            {
                best = ParetoReference.FeasibleBest(table, costs!, objectives);
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"constrained regret: against the best feasible architecture of the table ({best:0.####}; {string.Join(", ", objectives.Constraints)})"));
            }
            var report = new ComparisonReport(runs, best, reference?.Metric);
            var files = report.Write(dir);
            if (table is not null && objectives.IsPareto)
            {
                var costMetric = objectives.CostObjectives.First();
                var truth = ObjectiveComparison.Reference(table, costs!, costMetric);
                var rows = ObjectiveComparison.Rows(runs, truth, costs!, costMetric);
                console.Error.Write(ObjectiveComparison.ToText(rows, truth, costMetric));
                files = [.. files, ObjectiveComparison.WriteCsv(dir, rows, truth, costMetric)];
            }
            if (parse.GetValue(json))
            {
                var result = report.ToJson();
                result["out"] = dir;
                result["files"] = new System.Text.Json.Nodes.JsonArray([.. files.Select(f => (System.Text.Json.Nodes.JsonNode)f)]);
                console.Out.WriteLine(result.ToJsonString(RunJson.Options));
                return ExitCodes.Success;
            }
            console.Out.Write(report.ToText());
            foreach (var file in files) console.Out.WriteLine(file);
            console.Out.WriteLine($"runs:  {runsDir} (nao runs {runsDir}; nao report {Comparison.RunFolder(runsDir, runs[0].Strategy, first)})");
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
