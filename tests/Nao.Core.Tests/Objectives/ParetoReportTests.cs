using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Objectives;
using Nao.Reporting;
using Nao.Search;
using Nao.SearchSpaces;

namespace Nao.Tests.Objectives;

public sealed class ParetoReportTests
{
    [Fact]
    public void A_constrained_runs_report_states_the_reference_point_lists_hypervolume_per_round_and_writes_the_pareto_plot()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"nao-pareto-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var random = new Random(1);
            var table = ObjectiveTestData.Table();
            var trials = Enumerable.Range(0, 20).Select(i =>
            {
                var g = SearchSpaceRegistry.Nb201.Sample(random);
                return new Trial
                {
                    Index = i, Round = i / 10, Genotype = g, Tokens = [.. SearchSpaceRegistry.Nb201.Tokenizer.Tokenize(g)], Status = TrialStatus.Ok, Score = 50 + i,
                    Metrics = table.Costs(g).ToImmutableSortedDictionary(), Record = new JsonObject { ["rejected_before"] = 1 },
                };
            }).ToList();
            var options = new SearchOptions { Objectives = new ObjectiveOptions { Constraints = [CostConstraint.Parse("params<=5k")] } };
            var md = new StringBuilder();
            var written = new List<string>();

            ParetoReport.Append(md, dir, trials, options, written);

            var text = md.ToString();
            Assert.Contains("20 were rejected before evaluation", text);
            Assert.Contains("reference point = the worst score (50)", text);
            Assert.Contains("| 1 | 20 |", text);
            Assert.True(File.Exists(Path.Combine(dir, "pareto.png")));
            Assert.Contains(Path.Combine(dir, "pareto.png"), written);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
