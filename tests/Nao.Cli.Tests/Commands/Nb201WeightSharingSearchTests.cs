using System.Globalization;
using System.Text.RegularExpressions;
using Nao.Benchmarks;
using Nao.Experiments;
using Nao.Storage;
using Nao.Torch;
using Nao.WeightSharing;

namespace Nao.Tests.Commands;

/// <summary><c>nao search --space nb201 --evaluator weight-sharing</c> end to end on tiny CIFAR-format data.</summary>
public sealed partial class Nb201WeightSharingSearchTests
{
    public Nb201WeightSharingSearchTests() => TorchRuntime.Initialize();

    [Fact]
    [Trait("Category", "Slow")]
    public void A_tiny_nb201_weight_sharing_search_records_the_table_accuracy_of_every_scoring_and_reports_tau()
    {
        using var temp = new TempFolder();
        using var cifar = new CifarFolder(perBatch: 6, test: 2);
        var result = CliRunner.Run("search", "--space", "nb201", "--evaluator", "weight-sharing", "--seed", "2", "--ws-threads", "1",
            "--ws-rounds", "1", "--ws-epochs", "1", "--ws-pool", "6", "--ws-keep", "1", "--ws-new", "2", "--ws-random", "1", "--ws-top-k", "3",
            "--controller", "epochs=5", "--supernet", $"dataPath={cifar.Path}", "--supernet", "channels=4", "--supernet", "batchSize=6",
            "--supernet", "devSize=12", "--supernet", "devBatches=2", "--run", temp["run"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var trials = RunTrials.Trials(temp["run"]);
        Assert.Equal(6 + 2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Ok, t.Status));
        // The table's accuracy is recorded beside the shared-weight score, never as it.
        Assert.All(trials, t => Assert.Equal(TabularBenchmark.Nb201.Lookup(t.Genotype), t.Metrics[GroundTruth.Metric]));
        Assert.All(trials, t => Assert.Equal(t.Metrics["ws_valid_accuracy"], t.Score));
        using (var store = RunStore.Open(temp["run"]))
        {
            Assert.Equal(1, (int)store.Options.Supernet!["totalEpochs"]!);
        }
        var report = File.ReadAllText(Path.Combine(temp["run"], "report.md"));
        Assert.Contains("## Ground truth (NAS-Bench-201)", report);
        var row = AllScoredRow().Match(report);
        Assert.True(row.Success, report);
        Assert.Equal(8, int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(double.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture), -1, 1);
    }

    [GeneratedRegex(@"\| all scored \| (\d+) \| \*\*(-?[0-9.]+)\*\* \|")]
    private static partial Regex AllScoredRow();
}
