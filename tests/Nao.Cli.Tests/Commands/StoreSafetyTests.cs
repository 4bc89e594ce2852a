using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Nao.Cli;
using Nao.Storage;

namespace Nao.Tests.Commands;

/// <summary>
/// Issue 14, part 2, through the command line: a run folder is held by one search; a damaged or edited run.db is
/// refused on resume (exit 2, the file and the fix named, nothing written) and read as far as it can be by
/// <c>nao runs</c> and <c>nao report</c>, which name what they left out.
/// </summary>
public sealed class StoreSafetyTests
{
    private static string MakeRun(TempFolder temp, int budget = 20)
    {
        var run = temp["run"];
        Assert.Equal(0, CliRunner.Run("search", "--strategy", "random", "--budget", $"{budget}", "--seed", "1", "--run", run).ExitCode);
        return run;
    }

    private static string Database(string run) => Path.Combine(run, RunStore.DatabaseFile);

    private static void Sql(string run, string sql) => RunTrials.Sql(run, sql);

    private static T Scalar<T>(string run, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database(run)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private static string Fingerprint(string run) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Database(run))));

    /// <summary>Asserts a resume is refused with exit 2 and leaves run.db byte for byte as it was.</summary>
    private static string AssertResumeRefused(string run)
    {
        var before = Fingerprint(run);
        var result = CliRunner.Run("search", "--resume", run);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(before, Fingerprint(run));
        return result.Error;
    }

    [Fact]
    public void A_resume_of_a_run_another_search_holds_is_refused_naming_the_holder_and_changes_nothing()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        var trials = RunTrials.Read(run);
        string error;
        using (var holder = RunStore.Open(run))
        {
            holder.Status = RunStatus.Running;
            error = AssertResumeRefused(run);

            // Readers work meanwhile, and show the run as running because a live process holds it.
            Assert.Equal(0, CliRunner.Run("report", run).ExitCode);
            Assert.Matches(@"random .* running\s+20/20", CliRunner.Run("runs", run).Out);
            Assert.Equal("Running", Scalar<string>(run, "SELECT value FROM run WHERE key = 'status'"));
        }
        Assert.Contains($"is in use by process {Environment.ProcessId} on host {Environment.MachineName} since ", error);
        Assert.Contains(run, error);
        Assert.DoesNotContain("Exception", error);
        Assert.Equal(trials, RunTrials.Read(run));
        // Marked running with no process holding it: killed, so resumable.
        Assert.Matches(@"random .* interrupted\s+20/20", CliRunner.Run("runs", run).Out);
        Assert.Equal(0, CliRunner.Run("search", "--resume", run).ExitCode);
    }

    [Fact]
    public void A_search_process_holds_its_run_and_once_killed_its_lock_no_longer_blocks_a_resume()
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nao"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "search", "--strategy", "random", "--budget", "40", "--evaluator", "sleep", "--sleep", "0.5", "--run", run }) start.ArgumentList.Add(a);
        using var search = Process.Start(start)!;
        search.OutputDataReceived += (_, _) => { };
        search.ErrorDataReceived += (_, _) => { };
        search.BeginOutputReadLine();
        search.BeginErrorReadLine();
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(run, RunLock.HolderFileName)) || !RunStore.IsRun(run))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the search did not start");
                Thread.Sleep(50);
            }

            var refused = CliRunner.Run("search", "--resume", run);

            Assert.Equal(ExitCodes.Usage, refused.ExitCode);
            Assert.Contains($"is in use by process {search.Id} on host {Environment.MachineName}", refused.Error);
            Assert.False(search.HasExited);
        }
        finally
        {
            search.Kill(entireProcessTree: true);
            search.WaitForExit();
        }
        // SIGKILL left run.lock and run.holder behind; the OS dropped the lock with the process.
        Assert.True(File.Exists(Path.Combine(run, RunLock.FileName)));
        Assert.Matches(@"random .* interrupted", CliRunner.Run("runs", run).Out);
        // What a resume does first: take the folder and verify every stored trial. (Running the rest of the search to its
        // end after a real kill is the slow KillResumeTests' job.)
        using var resumed = RunStore.Open(run);
        var trials = resumed.LoadTrials();
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Index));
        Assert.Equal(RunStatus.Running, resumed.Status);
        Assert.Contains($"process {Environment.ProcessId} ", File.ReadAllText(Path.Combine(run, RunLock.HolderFileName)));
    }

    [Fact]
    public void A_score_edited_above_anything_possible_is_refused_on_resume_and_left_out_of_runs_and_report()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        Sql(run, "UPDATE trials SET score = 1000 WHERE idx = 7");

        var error = AssertResumeRefused(run);
        Assert.Contains($"'{Database(run)}', trial 7: its checksum does not match", error);
        Assert.Contains("cannot be resumed", error);
        Assert.Equal("Completed", Scalar<string>(run, "SELECT value FROM run WHERE key = 'status'"));

        var report = CliRunner.Run("report", run);
        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Contains("trial 7: its checksum does not match", report.Error);
        var markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.DoesNotContain("**1000**", markdown);
        Assert.Contains("Left out of this report:", markdown);

        var runs = CliRunner.Run("runs", run);
        Assert.Equal(ExitCodes.Usage, runs.ExitCode);
        Assert.DoesNotContain(" 1000 ", runs.Out);
        Assert.Contains("19/20", runs.Out);
        Assert.Contains("trial 7", runs.Error);
    }

    [Fact]
    public void Random_bytes_over_the_trials_table_are_named_with_the_file_and_the_fix()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        Assert.False(File.Exists(Database(run) + "-wal") && new FileInfo(Database(run) + "-wal").Length > 0, "the trials must be in run.db itself");
        var page = Scalar<long>(run, "PRAGMA page_size");
        var root = Scalar<long>(run, "SELECT rootpage FROM sqlite_master WHERE name = 'trials'");
        using (var file = new FileStream(Database(run), FileMode.Open, FileAccess.Write))
        {
            file.Position = (root - 1) * page;
            file.Write(RandomNumberGenerator.GetBytes((int)page));
        }

        var error = AssertResumeRefused(run);
        Assert.Contains($"'{Database(run)}' is damaged", error);
        Assert.Contains("cannot be resumed", error);
        Assert.Contains("restore run.db from a copy", error);
        Assert.DoesNotContain("SqliteException", error);

        var report = CliRunner.Run("report", run);
        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Contains($"'{Database(run)}' is damaged: the trials after the start could not be read", report.Error);
        var runs = CliRunner.Run("runs", run);
        Assert.Equal(ExitCodes.Usage, runs.ExitCode);
        Assert.Contains("could not be read", runs.Error);
    }

    [Fact]
    public void Random_bytes_over_the_run_table_are_named_with_the_file_and_the_fix()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        var page = Scalar<long>(run, "PRAGMA page_size");
        var root = Scalar<long>(run, "SELECT rootpage FROM sqlite_master WHERE name = 'run'");
        using (var file = new FileStream(Database(run), FileMode.Open, FileAccess.Write))
        {
            file.Position = (root - 1) * page;
            file.Write(RandomNumberGenerator.GetBytes((int)page));
        }

        var error = AssertResumeRefused(run);
        Assert.Contains($"'{Database(run)}' is damaged", error);
        Assert.Contains("cannot be resumed", error);
        foreach (var command in new[] { "report", "runs" })
        {
            var result = CliRunner.Run(command, run);
            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains($"'{Database(run)}' is damaged", result.Error);
            Assert.Contains("Restore run.db from a copy", result.Error);
        }
    }

    [Fact]
    public void Stored_options_that_are_not_json_are_named_with_the_file_and_the_copy_in_options_json()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        Sql(run, "UPDATE run SET value = '{\"strategy\": ' WHERE key = 'options'");

        var error = AssertResumeRefused(run);
        Assert.Contains($"'{Database(run)}' is damaged: its stored options are not valid", error);
        Assert.Contains("cannot be resumed", error);
        Assert.Contains("options.json", error);
        var report = CliRunner.Run("report", run);
        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Contains("its stored options are not valid", report.Error);
        var runs = CliRunner.Run("runs", temp.Path);
        Assert.Equal(ExitCodes.Usage, runs.ExitCode);
        Assert.Contains("damaged", runs.Out);
    }

    [Fact]
    public void An_unknown_trial_status_is_refused_on_resume_and_the_other_trials_are_reported()
    {
        using var temp = new TempFolder();
        var run = MakeRun(temp);
        // Without a checksum, as in a run made before checksums, the status itself is what is found wrong.
        Sql(run, "UPDATE trials SET status = 'exploded', checksum = NULL WHERE idx = 4");

        var error = AssertResumeRefused(run);
        Assert.Contains($"'{Database(run)}', trial 4: its status 'exploded' is unknown", error);
        Assert.Contains("cannot be resumed", error);

        var report = CliRunner.Run("report", run);
        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Contains("left out: ", report.Error);
        Assert.Contains("trial 4: its status 'exploded' is unknown", report.Error);
        Assert.Contains("| trials | 19 (19 ok", File.ReadAllText(Path.Combine(run, "report.md")));
        Assert.Contains("19/20", CliRunner.Run("runs", run).Out);
    }
}
