using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.Storage;
using Nao.Strategies;
using Nao.Tests.Experiments;
using Nao.Tests.Strategies;
using Nao.Search;

namespace Nao.Tests.Storage;

public sealed class RunStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-store-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private static readonly SearchOptions Options = new()
    {
        Strategy = "evolution",
        Seed = 42,
        Loop = new SearchLoopOptions { Budget = 77, Parallel = 3, TimeoutSeconds = 1.5 },
        Evolution = new EvolutionOptions { PopulationSize = 9, TournamentSize = 4 },
        Controller = new JsonObject { ["epochs"] = 12 },
    };

    [Fact]
    public void Trials_options_seed_and_version_round_trip_through_the_run_folder()
    {
        var genotype = Searches.Space.Sample(new Random(1));
        var started = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var pending = new Trial
        {
            Index = 0, Round = 2, Genotype = genotype, Tokens = [.. Searches.Space.Tokenizer.Tokenize(genotype)], Started = started,
            Record = new JsonObject { ["origin"] = "nao", ["eta"] = 3.0, ["predicted_after"] = 0.123456789012345 },
        };
        var failed = pending with { Index = 1, Genotype = Searches.Space.Mutate(genotype, new Random(2)), Status = TrialStatus.Failed, Error = "boom", Finished = started.AddSeconds(2) };
        var ok = pending with
        {
            Score = 91.60666666666667, Status = TrialStatus.Ok, Finished = started.AddSeconds(1.25),
            Metrics = ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["a"] = 1.0 / 3, ["b"] = -2e-300 }),
        };
        using (var store = RunStore.Create(_dir, Options))
        {
            store.AddPending(pending);
            store.AddPending(failed with { Status = TrialStatus.Pending, Error = null, Finished = null });
            store.Complete(ok);
            store.Complete(failed);
            store.Status = RunStatus.Cancelled;
        }

        using var reopened = RunStore.Open(_dir);
        Assert.Equal(Options.Seed, reopened.Options.Seed);
        Assert.Equal(Options.Loop, reopened.Options.Loop);
        Assert.Equal(Options.Evolution, reopened.Options.Evolution);
        Assert.Equal(12, (int)reopened.Options.Controller!["epochs"]!);
        Assert.Equal(RunStore.CurrentVersion, reopened.Version);
        Assert.Equal(RunStatus.Cancelled, reopened.Status);
        var trials = reopened.LoadTrials();
        Assert.Equal(2, trials.Count);
        Assert.Equal(ok.Score, trials[0].Score);
        Assert.Equal(ok.Metrics, trials[0].Metrics);
        Assert.Equal(ok.Genotype, trials[0].Genotype);
        Assert.Equal(ok.Tokens.ToArray(), trials[0].Tokens.ToArray());
        Assert.Equal(ok.Finished, trials[0].Finished);
        Assert.Equal(ok.Record.ToJsonString(), trials[0].Record.ToJsonString());
        Assert.Equal(TrialStatus.Failed, trials[1].Status);
        Assert.Equal("boom", trials[1].Error);
        Assert.True(double.IsNaN(trials[1].Score));
        Assert.True(File.Exists(Path.Combine(_dir, "options.json")));
    }

    [Fact]
    public void The_database_is_in_wal_mode_with_full_sync_and_holds_every_trial_column()
    {
        using (var store = RunStore.Create(_dir, Options))
        {
            Searches.Run(new RandomSearch(Searches.Space, new Random(0)), new FunctionEvaluator(SmoothTable.Score), budget: 5, store: store);
        }
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, RunStore.DatabaseFile)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT idx, round, architecture, hash, tokens, status, score, metrics, error, started, finished, seconds, record FROM trials WHERE idx = 4";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("ok", reader.GetString(5));
        Assert.Equal(16, reader.GetString(3).Length);
        Assert.True(reader.GetDouble(11) >= 0);
    }

    [Fact]
    public void A_search_resumes_from_the_database_after_a_crash_at_every_stage()
    {
        var reference = Searches.Fingerprint(ResumeTests.Run("nao", 2, new MemoryTrialStore(), new FunctionEvaluator(SmoothTable.Score)).Trials);
        for (var write = 0; write < 48; write += 7)
        {
            var dir = $"{_dir}-{write}";
            using (var store = RunStore.Create(dir, Options))
            {
                Assert.Throws<SimulatedCrash>(() => ResumeTests.Run("nao", 2, new CrashingStore(store, write, afterWrite: write % 2 == 0), new FunctionEvaluator(SmoothTable.Score), store));
            }
            using var reopened = RunStore.Open(dir);
            var resumed = ResumeTests.Run("nao", 2, reopened, new FunctionEvaluator(SmoothTable.Score), reopened);
            Assert.Equal(reference, Searches.Fingerprint(resumed.Trials));
        }
    }

    [Fact]
    public void Controller_checkpoints_are_saved_listed_and_loaded_by_round()
    {
        using var store = RunStore.Create(_dir, Options);
        using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
        optimizer.Fit([], seed: 17, CancellationToken.None);
        var report = new OptimizerFitReport(5, 0.25, 0.125, 0.5, TimeSpan.FromSeconds(3));

        store.Save(new FitBinding(1, 17, "data"), optimizer, report);

        Assert.Equal(report, store.Checkpoints().Single().Fit);
        using var fresh = new FakeOptimizer(Searches.Space, _ => 0.5);
        Assert.False(store.TryLoad(new FitBinding(2, 17, "data"), fresh));
        Assert.True(store.TryLoad(new FitBinding(1, 17, "data"), fresh));
        Assert.Equal(1, fresh.Loads);
    }

    [Fact]
    public void Creating_over_a_run_or_opening_a_folder_that_is_not_one_fails_with_the_fix()
    {
        using (RunStore.Create(_dir, Options))
        {
        }
        Assert.Contains("--resume", Assert.Throws<IOException>(() => RunStore.Create(_dir, Options)).Message);
        var empty = Directory.CreateTempSubdirectory("nao-empty-").FullName;
        Assert.Contains("not a run folder", Assert.Throws<InvalidDataException>(() => RunStore.Open(empty)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => RunStore.Open(Path.Combine(empty, "missing")));
        Directory.Delete(empty);
    }
}
