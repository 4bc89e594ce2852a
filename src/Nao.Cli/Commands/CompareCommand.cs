using System.CommandLine;
using System.Globalization;
using Nao.Experiments;
using Nao.Reporting;
using Nao.Strategies;

namespace Nao.Cli.Commands;

/// <summary><c>nao compare</c>: runs strategies over many seeds and summarizes best value and regret at several budgets.</summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var set = new SearchOptionSet();
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies to compare.", DefaultValueFactory = _ => string.Join(',', SearchFactory.Strategies) };
        var seeds = new Option<int>("--seeds") { Description = "Searches per strategy (seeds 0..N-1).", DefaultValueFactory = _ => 20 };
        var output = new Option<string?>("--out") { Description = "Folder for compare.csv, compare-runs.csv and compare.png (default: runs/compare-DATE)." };
        var command = new Command("compare", "Run several strategies over many seeds with the same budget and print mean ± standard error of the best value and of the regret at budgets 50, 100, 200.");
        foreach (var option in set.All.Prepend(seeds).Prepend(strategies).Append(output)) command.Options.Add(option);
        command.SetAction((parse, ct) => console.RunAsync(async token =>
        {
            var runner = Factories.Runner();
            var names = parse.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new UsageException("--strategies is empty; name at least one of: " + string.Join(", ", SearchFactory.Strategies) + ".");
            var count = parse.GetValue(seeds);
            if (count < 1) throw new UsageException($"--seeds must be at least 1; got {count}.");
            var baseOptions = set.Bind(parse, names[0], 0);
            if (string.Equals(baseOptions.Evaluator.Trim(), SearchFactory.WeightSharingEvaluator, StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("nao compare runs many searches in memory; a weight-sharing search trains a supernet per run and keeps it in a run folder. Run each with nao search --evaluator weight-sharing --strategy nao|random.");
            }
            foreach (var name in names) SearchOptionSet.Validate(baseOptions with { Strategy = name }, runner);
            // The controller's complete settings (a no-op for the other strategies, which ignore them).
            if (names.Any(n => string.Equals(n, NaoStrategy.StrategyName, StringComparison.OrdinalIgnoreCase)))
            {
                baseOptions = baseOptions with { Controller = Factories.Describe(baseOptions with { Strategy = NaoStrategy.StrategyName }).Controller };
            }
            var dir = parse.GetValue(output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"compare-{DateTime.Now:yyyyMMdd-HHmmss}"));
            var runs = await new Comparison(runner).RunAsync(baseOptions, names, count, run =>
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Strategy,-10} seed {run.Seed,3}: best {run.BestSoFar[^1]:0.####} in {run.Duration.TotalSeconds:0.0} s")), token);
            var optimum = RunReport.BenchmarkReference(SearchFactory.Validate(baseOptions))?.Best;
            var report = new ComparisonReport(runs, optimum);
            console.Out.Write(report.ToText());
            foreach (var file in report.Write(dir)) console.Out.WriteLine(file);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
