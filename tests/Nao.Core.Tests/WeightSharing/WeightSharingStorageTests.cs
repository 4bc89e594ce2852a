using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.WeightSharing;
using Nao.Search;

namespace Nao.Tests.WeightSharing;

public sealed class WeightSharingStorageTests : IDisposable
{
    private static readonly ISearchSpace Space = SearchSpaceRegistry.Get("enas-rnn");
    private static readonly SearchOptions Options = new() { Space = "enas-rnn", Evaluator = "weight-sharing", WeightSharing = new WeightSharingOptions { Rounds = 2 } };
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-ws-store-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    [Fact]
    public void The_run_folder_keeps_the_latest_supernet_and_the_whole_training_curve()
    {
        using var supernet = new FakeSupernet();
        using (var store = RunStore.Create(_dir, Options))
        {
            Assert.Equal(0, store.LatestRound);
            var first = new[] { supernet.TrainEpoch([Space.Sample(new Random(1))], 1, default), supernet.TrainEpoch([Space.Sample(new Random(2))], 2, default) };
            store.Save(1, supernet, first);
            store.Save(2, supernet, [supernet.TrainEpoch([Space.Sample(new Random(3))], 3, default)]);
        }

        using var reopened = RunStore.Open(_dir);
        Assert.Equal(2, reopened.LatestRound);
        Assert.Equal([1, 2, 3], reopened.Curve().Select(e => e.Epoch));
        Assert.Equal(["supernet-round-2.bin"], Directory.GetFiles(reopened.CheckpointDirectory, "supernet-*").Select(Path.GetFileName));
        using var loaded = new FakeSupernet();
        Assert.True(reopened.TryLoad(2, loaded));
        Assert.False(reopened.TryLoad(1, loaded));
        var g = Space.Sample(new Random(9));
        Assert.Equal(supernet.Score(g, default).Score, loaded.Score(g, default).Score);
    }

    [Fact]
    public void Stand_alone_results_round_trip_and_a_rerun_replaces_its_row()
    {
        var genotype = Space.Sample(new Random(4));
        var ok = new StandaloneResult
        {
            Role = "top", Rank = 1, Genotype = genotype, SharedScore = 0.25, Status = TrialStatus.Ok, Score = -5.25,
            Metrics = new Dictionary<string, double> { ["valid_perplexity"] = 190.6 }, Seconds = 12.5,
        };
        var failed = new StandaloneResult { Role = "random", Rank = 1, Genotype = Space.Sample(new Random(5)), SharedScore = double.NaN, Status = TrialStatus.Failed, Error = "diverged", Seconds = 1 };
        using (var store = RunStore.Create(_dir, Options))
        {
            store.SaveStandalone(ok with { Score = -9 });
            store.SaveStandalone(ok);
            store.SaveStandalone(failed);
        }

        using var reopened = RunStore.Open(_dir);
        var results = reopened.LoadStandalone();
        Assert.Equal(2, results.Count);
        Assert.Equal(ok.Genotype, results[0].Genotype);
        Assert.Equal(-5.25, results[0].Score);
        Assert.Equal(190.6, results[0].Metrics["valid_perplexity"]);
        Assert.Equal("random", results[1].Role);
        Assert.Equal(TrialStatus.Failed, results[1].Status);
        Assert.True(double.IsNaN(results[1].SharedScore));
        Assert.Equal("diverged", results[1].Error);
    }

    [Fact]
    public void A_run_made_before_weight_sharing_existed_opens_with_empty_weight_sharing_tables()
    {
        using (RunStore.Create(_dir, new SearchOptions()))
        {
        }
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, RunStore.DatabaseFile)};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE supernet_checkpoints; DROP TABLE standalone;";
            drop.ExecuteNonQuery();
        }

        using var reopened = RunStore.Open(_dir);
        Assert.Equal(0, reopened.LatestRound);
        Assert.Empty(reopened.Curve());
        Assert.Empty(reopened.LoadStandalone());
    }
}
