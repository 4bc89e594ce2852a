using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Nao.Search;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Storage;
using Nao.Strategies;
using Nao.Tests.Experiments;

namespace Nao.Tests.Storage;

public sealed class TrialCurveStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-curves-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private static readonly SearchOptions Options = new() { Strategy = "random", Seed = 3, Loop = new SearchLoopOptions { Budget = 4 } };

    private static Trial Pending(int index)
    {
        var genotype = Searches.Space.Sample(new Random(index));
        return new Trial { Index = index, Round = 0, Genotype = genotype, Tokens = [.. Searches.Space.Tokenizer.Tokenize(genotype)], Started = DateTime.UtcNow };
    }

    private static readonly IReadOnlyList<CurvePoint> Curve =
    [
        new(1, 0.25, ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["loss"] = 1.0 / 3 })),
        new(2.5, 0.5),
        new(4, -1e-300),
    ];

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, RunStore.DatabaseFile)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void MakeRun()
    {
        using var store = RunStore.Create(_dir, Options);
        store.AddPending(Pending(0));
        store.AddPending(Pending(1));
        store.Complete(Pending(0) with { Status = TrialStatus.Ok, Score = 0.75, Curve = Curve, Finished = DateTime.UtcNow });
        store.Complete(Pending(1) with { Status = TrialStatus.Failed, Error = "diverged", Curve = [Curve[0]], Finished = DateTime.UtcNow });
    }

    [Fact]
    public void A_trials_learning_curve_round_trips_exactly_in_order_with_its_metrics()
    {
        MakeRun();

        using var store = RunStore.Open(_dir);
        var trials = store.LoadTrials();

        Assert.Equal([1, 2.5, 4], trials[0].Curve.Select(p => p.Step));
        Assert.Equal([0.25, 0.5, -1e-300], trials[0].Curve.Select(p => p.Score));
        Assert.Equal(1.0 / 3, trials[0].Curve[0].Metrics["loss"]);
        Assert.Empty(trials[0].Curve[1].Metrics);
        Assert.Single(trials[1].Curve);
        Assert.Equal(0, store.UnverifiedTrials);
        Assert.Equal(0.5, trials[0].ToResult().Curve[1].Score);
    }

    [Fact]
    public void A_run_made_before_curves_still_opens_loads_and_resumes_and_its_checksums_still_match()
    {
        using (var store = RunStore.Create(_dir, Options))
        {
            Searches.Run(new RandomSearch(Searches.Space, new Random(0)), new FunctionEvaluator(SmoothTable.Score), 2, store: store);
        }
        Sql("DROP TABLE trial_curves");

        using (var reader = RunStore.OpenReader(_dir))
        {
            Assert.Equal(2, reader.LoadTrials().Count);
            Assert.Empty(reader.Damage);
        }
        using (var store = RunStore.Open(_dir))
        {
            Assert.All(store.LoadTrials(), t => Assert.Empty(t.Curve));
            var summary = Searches.Run(new RandomSearch(Searches.Space, new Random(0)), new FunctionEvaluator(SmoothTable.Score), 4, store: store);
            Assert.Equal(2, summary.Replayed);
        }
        using var reopened = RunStore.OpenReader(_dir);
        Assert.Equal(4, reopened.LoadTrials().Count);
        Assert.Empty(reopened.Damage);
    }

    [Fact]
    public void A_curve_point_edited_after_it_was_written_is_damage_that_names_the_trial()
    {
        MakeRun();
        Sql("UPDATE trial_curves SET score = 0.99 WHERE trial = 0 AND step = 2.5");

        using (var reader = RunStore.OpenReader(_dir))
        {
            Assert.Equal([1], reader.LoadTrials().Select(t => t.Index));
            Assert.Contains("trial 0: its checksum does not match", Assert.Single(reader.Damage));
        }
        using var holder = RunStore.Open(_dir);
        Assert.Throws<InvalidDataException>(() => holder.LoadTrials());
    }

    [Fact]
    public void Completing_a_trial_again_replaces_its_curve()
    {
        MakeRun();
        using var store = RunStore.Open(_dir);

        store.Complete(store.LoadTrials()[0] with { Curve = [new CurvePoint(7, 0.7)] });

        Assert.Equal([7.0], store.LoadTrials()[0].Curve.Select(p => p.Step));
    }
}
