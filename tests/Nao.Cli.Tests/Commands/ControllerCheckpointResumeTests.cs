using Nao.Cli;
using Nao.Storage;

namespace Nao.Tests.Commands;

/// <summary>
/// <c>nao search --resume</c> with a controller checkpoint that is not the one its round saved (copied from the round
/// before, bytes flipped, truncated, or from a Nao that kept no record of its fit): the round is refitted from the
/// stored trials with a one-line warning naming the file and why, and the resumed run equals an uninterrupted one.
/// </summary>
public sealed class ControllerCheckpointResumeTests
{
    // Rounds 1 to 3 of 10 proposals each after an initial pool of 10; a few controller epochs per fit.
    private static readonly string[] Tiny =
        ["search", "--budget", "40", "--initial-pool", "10", "--top-k", "10", "--per-round", "10", "--controller", "epochs=5"];

    private const int CutRound = 3;

    public static TheoryData<string> Damages => ["copy of the previous round", "flipped bytes", "truncated", "older Nao"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_resume_refits_a_controller_checkpoint_that_is_not_its_rounds_with_a_warning_and_gives_the_uninterrupted_trials(string damage)
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run([.. Tiny, "--run", temp["whole"]]).ExitCode);
        CutRightAfterTheFitOf(CutRound, temp["whole"], temp["cut"]);
        var file = Path.Combine(temp["cut"], "checkpoints", $"controller-round-{CutRound}.bin");
        var expectedWarning = Damage(damage, temp["cut"], file);

        var result = CliRunner.Run("search", "--resume", temp["cut"]);

        Assert.Equal(0, result.ExitCode);
        var warnings = result.Error.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.StartsWith($"warning: {file} {expectedWarning}; refitting round {CutRound}'s controller from the stored trials and saving it again", StringComparison.Ordinal));
        // Only the damaged file is refitted (an older Nao's run refits every round: none has a record).
        Assert.Equal(damage == "older Nao" ? CutRound : 1, warnings.Count);
        Assert.DoesNotContain("Save the controller again", result.Error);
        RunTrials.AssertSame(temp["whole"], temp["cut"]);
        // The refit is the fit the uninterrupted run made, bit for bit, and it replaced the damaged file.
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp["whole"], "checkpoints", $"controller-round-{CutRound}.bin")), File.ReadAllBytes(file));
        Assert.DoesNotContain("warning:", CliRunner.Run("search", "--resume", temp["cut"]).Error);
        // The rejected file is kept, unless it equals its refit (an older Nao's checkpoint of the same fit).
        Assert.Equal(damage != "older Nao", File.Exists(file + RunStore.RejectedSuffix));
    }

    [Fact]
    public void A_resume_whose_refit_cannot_reproduce_the_stored_trials_refuses_with_exit_2_and_keeps_the_trials()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run([.. Tiny, "--run", temp["whole"]]).ExitCode);
        // Cut after round 2's fit, so that the resume replays round 1 (a complete run is not replayed at all).
        CutRightAfterTheFitOf(2, temp["whole"], temp["run"]);
        var before = RunTrials.Read(temp["run"]);
        // The best architecture of the initial pool now scores lowest: round 1's checkpoint was fitted on other trials,
        // and its refit proposes other architectures than the stored round 1 holds. The row's checksum is cleared (as in a
        // run made before checksums), or the resume would refuse the edited row before it reached the controller.
        Sql(temp["run"], "UPDATE trials SET score = 0, checksum = NULL WHERE idx = (SELECT idx FROM trials WHERE round = 0 ORDER BY score DESC LIMIT 1)");
        var edited = RunTrials.Read(temp["run"]);

        var result = CliRunner.Run("search", "--resume", temp["run"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("controller-round-1.bin was fitted on other trials or another seed than the replay of round 1 gives", result.Error);
        Assert.Matches(@"Cannot resume: trial 1\d in the store is", result.Error);
        Assert.Contains("the refit does not reproduce the stored run. Restore the run folder from a backup, or start a new run.", result.Error);
        Assert.Equal(edited, RunTrials.Read(temp["run"]));
        Assert.Equal(before.Count, edited.Count);
        Assert.True(File.Exists(Path.Combine(temp["run"], "checkpoints", "controller-round-1.bin" + RunStore.RejectedSuffix)));
    }

    /// <summary>Damages round <see cref="CutRound"/>'s checkpoint; returns the reason the warning must give.</summary>
    private static string Damage(string damage, string run, string file)
    {
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "copy of the previous round":
                File.Copy(Path.Combine(run, "checkpoints", $"controller-round-{CutRound - 1}.bin"), file, overwrite: true);
                return $"holds the controller of round {CutRound - 1}, not of round {CutRound} (a copy of round {CutRound - 1}'s checkpoint)";
            case "flipped bytes":
                // In the weights, well inside the payload, so only the checksums can tell.
                bytes[bytes.Length / 2] ^= 0xFF;
                bytes[bytes.Length / 2 + 1] ^= 0x01;
                File.WriteAllBytes(file, bytes);
                return $"is damaged or replaced: its SHA-256 differs from that of the file saved after round {CutRound}'s fit";
            case "truncated":
                File.WriteAllBytes(file, bytes[..(bytes.Length / 3)]);
                return $"is truncated: it has {bytes.Length / 3} of the {bytes.Length} bytes saved after round {CutRound}'s fit";
            case "older Nao":
                Sql(run, "DROP TABLE controller_bindings");
                return "was saved by an older Nao that did not record which trials it was fitted on";
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    /// <summary>
    /// Copies a finished run as a kill -9 right after round <paramref name="round"/>'s controller checkpoint was saved
    /// would leave it: the trials of earlier rounds, the checkpoints up to that round, nothing after.
    /// </summary>
    private static void CutRightAfterTheFitOf(int round, string whole, string cut)
    {
        Directory.CreateDirectory(Path.Combine(cut, "checkpoints"));
        foreach (var path in Directory.EnumerateFiles(whole, "*", SearchOption.AllDirectories))
        {
            File.Copy(path, Path.Combine(cut, Path.GetRelativePath(whole, path)));
        }
        Sql(cut, $"DELETE FROM trials WHERE round >= {round}; DELETE FROM checkpoints WHERE round > {round}; DELETE FROM controller_bindings WHERE round > {round}; " +
            "UPDATE run SET value = 'Running' WHERE key = 'status'");
        foreach (var later in Enumerable.Range(round + 1, 10))
        {
            File.Delete(Path.Combine(cut, "checkpoints", $"controller-round-{later}.bin"));
        }
    }

    private static void Sql(string run, string sql) => RunTrials.Sql(run, sql);
}
