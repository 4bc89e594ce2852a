using Microsoft.Data.Sqlite;
using Nao.Experiments;
using Nao.Storage;
using Nao.Strategies;
using Nao.Tests.Experiments;
using Nao.Tests.Strategies;
using Nao.Search;

namespace Nao.Tests.Storage;

/// <summary>Issue 14: one process holds a run folder; damaged or edited trial rows are found, named and left out.</summary>
public sealed class RunStoreSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("nao-safety-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private static readonly SearchOptions Options = new() { Strategy = "random", Seed = 3, Loop = new SearchLoopOptions { Budget = 8 } };

    private void MakeRun(int budget = 8)
    {
        using var store = RunStore.Create(_dir, Options);
        Searches.Run(new RandomSearch(Searches.Space, new Random(0)), new FunctionEvaluator(SmoothTable.Score), budget, store: store);
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, RunStore.DatabaseFile)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_second_holder_is_refused_with_the_holder_named_while_readers_still_read()
    {
        MakeRun();
        using (var holder = RunStore.Open(_dir))
        {
            var refused = Assert.Throws<RunLockedException>(() => RunStore.Open(_dir));
            Assert.Contains($"process {Environment.ProcessId} on host {Environment.MachineName} since ", refused.Message);
            Assert.Contains(_dir, refused.Message);
            Assert.Throws<RunLockedException>(() => RunStore.Create(_dir, Options));
            Assert.True(RunLock.IsHeld(_dir));

            using var reader = RunStore.OpenReader(_dir);
            Assert.Equal(8, reader.LoadTrials().Count);
            holder.Status = RunStatus.Running;
            Assert.False(reader.IsInterrupted);
        }
        Assert.False(RunLock.IsHeld(_dir));
        Assert.False(File.Exists(Path.Combine(_dir, RunLock.HolderFileName)));
        using var later = RunStore.OpenReader(_dir);
        // Marked running, but nobody holds it: the search was killed.
        Assert.True(later.IsInterrupted);
        using var resumed = RunStore.Open(_dir);
        Assert.Equal(8, resumed.LoadTrials().Count);
    }

    [Fact]
    public void A_lock_file_left_by_a_dead_process_does_not_block()
    {
        MakeRun();
        // What a kill -9 leaves: the lock file and a holder file naming a process that is gone (the OS dropped the flock).
        File.WriteAllText(Path.Combine(_dir, RunLock.FileName), "");
        File.WriteAllText(Path.Combine(_dir, RunLock.HolderFileName), "process 999999 on host gone since 2020-01-01 00:00:00 UTC\n");

        using var store = RunStore.Open(_dir);

        Assert.Equal(8, store.LoadTrials().Count);
        Assert.Contains($"process {Environment.ProcessId} ", File.ReadAllText(Path.Combine(_dir, RunLock.HolderFileName)));
    }

    [Fact]
    public void A_score_edited_in_the_database_fails_its_checksum_refusing_a_resume_and_leaving_it_out_of_reads()
    {
        MakeRun();
        Sql("UPDATE trials SET score = 1000 WHERE idx = 5");

        using (var holder = RunStore.Open(_dir))
        {
            var refused = Assert.Throws<InvalidDataException>(holder.LoadTrials);
            Assert.Contains("trial 5: its checksum does not match", refused.Message);
            Assert.Contains(Path.Combine(_dir, RunStore.DatabaseFile), refused.Message);
            Assert.Contains("cannot be resumed", refused.Message);
        }
        using var reader = RunStore.OpenReader(_dir);
        var trials = reader.LoadTrials();
        Assert.Equal([0, 1, 2, 3, 4, 6, 7], trials.Select(t => t.Index));
        Assert.DoesNotContain(trials, t => t.Score == 1000);
        Assert.Contains("trial 5: its checksum does not match", Assert.Single(reader.Damage));
    }

    [Fact]
    public void An_unknown_status_is_refused_on_resume_and_its_rows_are_skipped_and_counted_by_readers()
    {
        MakeRun();
        // A row without a checksum (as older runs have) so the status itself is what is wrong.
        Sql("UPDATE trials SET status = 'bogus', checksum = NULL WHERE idx IN (2, 6)");

        using (var holder = RunStore.Open(_dir))
        {
            Assert.Contains("2 trials (2, 6): its status 'bogus' is unknown", Assert.Throws<InvalidDataException>(holder.LoadTrials).Message);
        }
        using var reader = RunStore.OpenReader(_dir);
        Assert.Equal(6, reader.LoadTrials().Count);
        Assert.Contains("2 trials (2, 6): its status 'bogus' is unknown", Assert.Single(reader.Damage));
    }

    [Fact]
    public void A_run_made_before_checksums_opens_with_its_rows_unverified_and_new_rows_checked()
    {
        MakeRun(budget: 4);
        Sql("ALTER TABLE trials DROP COLUMN checksum");

        using (var reader = RunStore.OpenReader(_dir))
        {
            Assert.Equal(4, reader.LoadTrials().Count);
            Assert.Empty(reader.Damage);
            Assert.Equal(4, reader.UnverifiedTrials);
        }
        using (var store = RunStore.Open(_dir))
        {
            Assert.Equal(4, store.LoadTrials().Count);
            Searches.Run(new RandomSearch(Searches.Space, new Random(0)), new FunctionEvaluator(SmoothTable.Score), budget: 6, store: store);
        }
        Sql("UPDATE trials SET score = 1000 WHERE idx = 5");
        using var after = RunStore.OpenReader(_dir);
        Assert.Equal(5, after.LoadTrials().Count);
        Assert.Equal(4, after.UnverifiedTrials);
        Assert.Contains("trial 5: its checksum", Assert.Single(after.Damage));
    }

    [Fact]
    public void A_damaged_checkpoint_list_is_named_with_the_file_and_the_fix_instead_of_a_json_exception()
    {
        using (var store = RunStore.Create(_dir, Options))
        {
            using var optimizer = new FakeOptimizer(Searches.Space, _ => 0.5);
            optimizer.Fit([], seed: 1, CancellationToken.None);
            store.Save(new FitBinding(1, 1, "data-1"), optimizer, new OptimizerFitReport(5, 0.25, 0.125, 0.5, TimeSpan.FromSeconds(3)));
        }
        Sql("UPDATE checkpoints SET fit = '{oops'");

        using var reader = RunStore.OpenReader(_dir);
        var error = Assert.Throws<InvalidDataException>(reader.Checkpoints).Message;
        Assert.Contains($"'{Path.Combine(_dir, RunStore.DatabaseFile)}' is damaged: the controller checkpoint list cannot be read", error);
        Assert.Contains("Restore run.db from a copy", error);
    }
}
