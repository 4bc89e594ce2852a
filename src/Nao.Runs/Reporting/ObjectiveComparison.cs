using System.Globalization;
using System.Text;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Objectives;
using Nao.Search;
using Nao.Storage;

namespace Nao.Reporting;

/// <summary>One strategy's Pareto figures over seeds at the budget: hypervolume and share of the true front found.</summary>
public sealed record ParetoRow(string Strategy, int Seeds, int Budget, double HypervolumeMean, double HypervolumeSe, double FrontShareMean, double FrontShareSe);

/// <summary>
/// What a comparison with constraints or objectives adds on a table: the best feasible score (the reference of the
/// constrained regret), and per strategy the hypervolume and the share of the true front that the searches found.
/// </summary>
public static class ObjectiveComparison
{
    /// <summary>The table's architectures with their score, when the evaluator is a table; else null.</summary>
    public static IReadOnlyList<(Genotypes.Genotype Genotype, double Score)>? Table(SearchOptions options)
    {
        if (options.Evaluator != SearchFactory.BenchmarkEvaluator) return null;
        var evaluator = TabularEvaluator.Create(options.Benchmark);
        var table = evaluator.Table;
        return [.. table.Architectures.Select(g => (g, table.Lookup(g, evaluator.Metric) ?? double.NaN)).Where(a => double.IsFinite(a.Item2))];
    }

    /// <summary>The ground truth for a Pareto comparison of the table's score against <paramref name="costMetric"/>.</summary>
    public static ParetoReference Reference(IReadOnlyList<(Genotypes.Genotype Genotype, double Score)> table, ICostModel costs, string costMetric) =>
        new([.. table.Select(a => (a.Genotype, a.Score, costs.Costs(a.Genotype)[costMetric]))]);

    /// <summary>The hypervolume after each trial (ok trials only count), in the reference's normalised space.</summary>
    public static IReadOnlyList<double> HypervolumeCurve(IReadOnlyList<Trial> trials, ParetoReference reference, ICostModel costs, string costMetric)
    {
        var points = new List<(double Score, double Cost)>();
        var curve = new List<double>();
        var current = 0.0;
        foreach (var trial in trials.OrderBy(t => t.Index))
        {
            if (trial.Status == TrialStatus.Ok)
            {
                points.Add((trial.Score, costs.Costs(trial.Genotype)[costMetric]));
                current = reference.Hypervolume(points);
            }
            curve.Add(current);
        }
        return curve;
    }

    /// <summary>Per strategy, mean ± standard error over seeds of the final hypervolume and front share; runs are read from their folders.</summary>
    public static IReadOnlyList<ParetoRow> Rows(IReadOnlyList<ComparisonRun> runs, ParetoReference reference, ICostModel costs, string costMetric)
    {
        var rows = new List<ParetoRow>();
        foreach (var group in runs.GroupBy(r => r.Strategy))
        {
            var volumes = new List<double>();
            var shares = new List<double>();
            var budget = 0;
            foreach (var run in group)
            {
                if (run.Run is null) continue;
                using var store = RunStore.OpenReader(run.Run);
                var all = store.LoadTrials();
                var trials = all.Where(t => t.Status == TrialStatus.Ok).ToList();
                budget = Math.Max(budget, all.Count);
                volumes.Add(reference.Hypervolume(trials.Select(t => (t.Score, costs.Costs(t.Genotype)[costMetric]))));
                shares.Add(reference.FrontShare(trials.Select(t => t.Genotype)));
            }
            rows.Add(new ParetoRow(group.Key, volumes.Count, budget, ComparisonReport.Mean(volumes), ComparisonReport.StandardError(volumes),
                ComparisonReport.Mean(shares), ComparisonReport.StandardError(shares)));
        }
        return rows;
    }

    /// <summary>The rows as a text table with the reference point stated.</summary>
    public static string ToText(IReadOnlyList<ParetoRow> rows, ParetoReference reference, string costMetric)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Pareto (score vs {costMetric}): hypervolume in the normalised space, reference point = worst score {reference.ScoreMin:0.####} and largest {costMetric} {reference.CostMax:G6} of the space; true front: {reference.FrontSize} architectures, hypervolume {reference.TrueHypervolume:0.####}");
        text.AppendLine("strategy    seeds  budget  hypervolume        front share");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{r.Strategy,-10} {r.Seeds,6} {r.Budget,7}  {r.HypervolumeMean:0.0000} ± {r.HypervolumeSe:0.0000}   {r.FrontShareMean:0.000} ± {r.FrontShareSe:0.000}");
        }
        return text.ToString();
    }

    /// <summary>Writes <c>compare-pareto.csv</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteCsv(string directory, IReadOnlyList<ParetoRow> rows, ParetoReference reference, string costMetric)
    {
        var path = Path.Combine(directory, "compare-pareto.csv");
        var csv = new StringBuilder("strategy,seeds,budget,hypervolume_mean,hypervolume_se,front_share_mean,front_share_se,reference_score,reference_cost,cost_metric,true_hypervolume\n");
        foreach (var r in rows)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Strategy},{r.Seeds},{r.Budget},{r.HypervolumeMean:R},{r.HypervolumeSe:R},{r.FrontShareMean:R},{r.FrontShareSe:R},{reference.ScoreMin:R},{reference.CostMax:R},{costMetric},{reference.TrueHypervolume:R}"));
        }
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
