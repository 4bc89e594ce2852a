using System.Diagnostics;
using Xunit.Abstractions;

namespace Nao.Tests.Commands;

/// <summary>
/// The resume test: real <c>nao search</c> processes killed with SIGKILL at random moments, several times,
/// then resumed; the run's trials must equal an uninterrupted run's, trial by trial, and no finished evaluation may be
/// lost or done again. Slow (real processes, a few seconds each); the fast suite has in-process crash tests at every
/// write (Nao.Core.Tests ResumeTests) and a Ctrl-C resume (SearchCommandTests).
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillResumeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("evolution", 2, 300, 1, 0.02)]
    [InlineData("random", 1, 300, 2, 0.02)]
    [InlineData("nao", 1, 100, 3, 0.0)]
    public void A_search_killed_at_random_moments_and_resumed_equals_an_uninterrupted_one(string strategy, int parallel, int budget, int scheduleSeed, double sleep)
    {
        using var temp = new TempFolder();
        // Table lookups alone finish within the process start-up jitter, so kills could miss the run: random and
        // evolution evaluate through the sleep evaluator (the same table scores after a short wait) to last seconds.
        string[] evaluator = sleep > 0 ? ["--evaluator", "sleep", "--sleep", $"{sleep.ToString(System.Globalization.CultureInfo.InvariantCulture)}"] : [];
        string[] args = ["search", "--strategy", strategy, "--budget", $"{budget}", "--parallel", $"{parallel}", "--seed", "5", .. evaluator];
        KillAndResume(temp, args, scheduleSeed);
    }

    [Theory]
    [InlineData("random", 11)]
    [InlineData("evolution", 12)]
    [InlineData("nao", 13)]
    public void A_space_file_search_with_a_trial_command_killed_at_random_moments_and_resumed_equals_an_uninterrupted_one(string strategy, int scheduleSeed)
    {
        using var temp = new TempFolder();
        // Each trial is a real subprocess that sleeps a little, so the run lasts long enough for kills to land mid-run.
        string[] nao = strategy == "nao" ? ["--initial-pool", "12", "--per-round", "6", "--top-k", "4", "--controller", "epochs=15"] : [];
        string[] args = ["search", "--strategy", strategy, "--budget", "40", "--parallel", "2", "--seed", "6", "--space-file", Samples.Path("spaces/chain.yaml"),
            "--evaluator", "command", "--command", Samples.ChecksumCommand(temp.Path, sleepSeconds: 0.05), .. nao];
        KillAndResume(temp, args, scheduleSeed);
    }

    [Fact]
    public void A_weight_sharing_search_killed_at_random_moments_resumes_with_its_supernet_and_pool_to_the_same_trials()
    {
        using var temp = new TempFolder();
        var corpus = WeightSharingSearchTests.WriteCorpus(temp["ptb"], repeat: 20);
        string[] args = WeightSharingSearchTests.TinyRecurrent(corpus, rounds: 3, epochs: 2, hidden: 16);
        KillAndResume(temp, args, scheduleSeed: 4);
    }

    [Fact]
    public void An_nb201_weight_sharing_search_killed_at_random_moments_resumes_with_its_supernet_and_pool_to_the_same_trials()
    {
        using var temp = new TempFolder();
        using var cifar = new CifarFolder(perBatch: 12, test: 2);
        // The nb201 supernet saves its weights, optimizer state and epoch count per round as the enas supernets do,
        // so a resumed run retrains nothing it had finished and scores every later architecture as the whole run does.
        string[] args =
        [
            "search", "--space", "nb201", "--evaluator", "weight-sharing", "--seed", "3", "--ws-threads", "1",
            "--ws-rounds", "3", "--ws-epochs", "2", "--ws-pool", "6", "--ws-keep", "2", "--ws-new", "3", "--ws-random", "1", "--ws-top-k", "3",
            "--controller", "epochs=5", "--supernet", $"dataPath={cifar.Path}", "--supernet", "channels=4", "--supernet", "batchSize=6",
            "--supernet", "devSize=12", "--supernet", "devBatches=2", "--supernet", "warmupEpochs=1", "--supernet", "spaceFraction=0.5",
        ];
        KillAndResume(temp, args, scheduleSeed: 8);
    }

    [Fact]
    public void A_trial_command_and_what_it_started_die_with_a_nao_killed_by_sigkill()
    {
        using var temp = new TempFolder();
        var pidFile = temp["grandchild.pid"];
        using var nao = Start(["search", "--strategy", "random", "--budget", "1", "--seed", "1", "--space-file", Samples.Path("spaces/chain.yaml"),
            "--evaluator", "command", "--command", $"sleep 1000 & echo $! > '{pidFile}'; wait", "--run", temp["run"]]);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            Assert.False(nao.HasExited, "nao exited before its trial started");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "the trial never started");
            Thread.Sleep(20);
        }
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Alive(grandchild));

        nao.Kill(entireProcessTree: false); // SIGKILL to nao alone: nothing of nao's runs to clean up
        nao.WaitForExit();

        for (var wait = 0; wait < 250 && Alive(grandchild); wait++) Thread.Sleep(20);
        Assert.False(Alive(grandchild), $"the trial's process {grandchild} outlived nao");
    }

    /// <summary>Running, not a zombie that init has yet to reap.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void A_search_with_early_stopping_killed_at_random_moments_and_resumed_makes_the_same_stop_decisions()
    {
        using var temp = new TempFolder();
        // Trial commands print a 4-point curve and the command evaluator reports each point as it is printed, so the
        // median rule stops trials while they run; kills land between, during and after such stops.
        string[] args = ["search", "--strategy", "random", "--budget", "20", "--parallel", "2", "--seed", "8", "--space-file", Samples.Path("spaces/chain.yaml"),
            "--evaluator", "command", "--command", Samples.CurveCommand(temp.Path, sleepSeconds: 0.25), "--early-stop", "median", "--stop", "minFinished=3"];
        var midRun = KillAndResume(temp, args, scheduleSeed: 21);
        Assert.True(midRun >= 1, "no kill landed while trials were still to run");

        // Beyond status and score (compared above): the same stop reasons, stopped prefixes, and pick.
        var (whole, cut) = (RunTrials.Trials(temp["whole"]), RunTrials.Trials(temp["cut"]));
        Assert.Contains(whole, t => t.Status == Nao.Experiments.TrialStatus.Stopped);
        Assert.Contains(whole, t => t.Status == Nao.Experiments.TrialStatus.Ok);
        Assert.Equal(whole.Select(t => (t.Error, t.Curve.Count)), cut.Select(t => (t.Error, t.Curve.Count)));
        static string Pick(IReadOnlyList<Nao.Experiments.Trial> trials) =>
            trials.Where(t => t.Status == Nao.Experiments.TrialStatus.Ok).MaxBy(t => t.Score)!.Genotype.Canonical;
        Assert.Equal(Pick(whole), Pick(cut));
    }

    /// <returns>The kills that landed while some trial was still unfinished or unasked.</returns>
    private int KillAndResume(TempFolder temp, string[] args, int scheduleSeed)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, RunToEnd([.. args, "--run", temp["whole"]]));
        // Kill moments are drawn within the span an uninterrupted run takes here, so they land mid-run on any machine.
        var span = clock.Elapsed.TotalMilliseconds;
        var total = RunTrials.Trials(temp["whole"]).Count;

        var schedule = new Random(scheduleSeed);
        var kills = 0;
        var midRun = 0;
        var finishedBefore = new Dictionary<int, DateTime?>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // A resume only has the rest of the run to do (and a complete run is not replayed), so the kill moment is
            // drawn within the part of the span that is left, or later attempts would finish before their kill.
            var left = attempt == 0 ? 1.0 : 1.0 - (double)RunTrials.Trials(temp["cut"]).Count(t => t.IsFinished) / total;
            var process = Start(attempt == 0 ? [.. args, "--run", temp["cut"]] : ["search", "--resume", temp["cut"]]);
            var delay = TimeSpan.FromMilliseconds(span * left * (0.15 + 0.5 * schedule.NextDouble()));
            if (process.WaitForExit(delay)) continue;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            kills++;
            var trials = RunTrials.Trials(temp["cut"]);
            if (trials.Count(t => t.IsFinished) < total) midRun++;
            output.WriteLine($"kill {kills} after {delay.TotalMilliseconds} ms: {trials.Count(t => t.IsFinished)} finished, {trials.Count(t => !t.IsFinished)} pending");
            foreach (var t in trials.Where(t => t.IsFinished)) finishedBefore.TryAdd(t.Index, t.Finished);
        }
        Assert.True(kills >= 2, $"only {kills} kills landed before the search finished");

        Assert.Equal(0, RunToEnd(["search", "--resume", temp["cut"]]));

        RunTrials.AssertSame(temp["whole"], temp["cut"]);
        // A trial finished before a kill keeps its first finish time: it was neither lost nor evaluated again.
        var final = RunTrials.Trials(temp["cut"]);
        Assert.All(finishedBefore, kv => Assert.Equal(kv.Value, final[kv.Key].Finished));
        return midRun;
    }

    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "nao"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        // Drain both pipes so the child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private int RunToEnd(string[] args)
    {
        using var process = Start(args);
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        output.WriteLine($"nao {string.Join(' ', args)} → {process.ExitCode}");
        return process.ExitCode;
    }
}
