using System.Diagnostics;
using Nao.Search;
using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.Experiments;
using Nao.Storage;
using Nao.Strategies;

namespace Nao.Tests.Evaluation.Command;

public sealed partial class CommandEvaluatorTests
{
    // The script starts a grandchild that would outlive a kill of the shell alone, and records its pid.
    private const string Lingering = """
        sleep 1000 &
        echo $! > grandchild.pid
        echo '{"epoch": 1, "score": 0.1}'
        wait
        """;

    [Fact]
    public async Task Cancellation_kills_the_whole_process_group_waits_and_throws_so_the_trial_stays_pending()
    {
        var evaluator = Script(Lingering);
        using var cancel = new CancellationTokenSource();

        var run = evaluator.EvaluateAsync(Context(0), cancel.Token);
        var grandchild = await WaitForPid(Path.Combine(Trials, "00000", "grandchild.pid"));
        Assert.True(IsAlive(grandchild));
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        await AssertGone(grandchild);
    }

    [Fact]
    public async Task A_timeout_of_the_search_fails_the_trial_and_kills_its_grandchildren()
    {
        var evaluator = Script(Lingering);
        var loop = new SearchLoop(Space, new RandomSearch(Space, new Random(1)), evaluator, new MemoryTrialStore(),
            new SearchLoopOptions { Budget = 1, TimeoutSeconds = 1.5 });

        var summary = await loop.RunAsync(CancellationToken.None);

        Assert.Equal(TrialStatus.Failed, summary.Trials[0].Status);
        Assert.Contains("timed out", summary.Trials[0].Error);
        await AssertGone(await WaitForPid(Path.Combine(Trials, "00000", "grandchild.pid")));
    }

    [Fact]
    public async Task Ctrl_c_during_a_search_kills_the_trials_process_group_and_leaves_the_trial_pending_in_the_run()
    {
        var run = Path.Combine(_root, "run");
        var evaluator = Script(Lingering);
        using var cancel = new CancellationTokenSource();
        using (var store = RunStore.Create(run, new SearchOptions { Strategy = "random", Seed = 3, Loop = new SearchLoopOptions { Budget = 2 } }))
        {
            var loop = new SearchLoop(Space, new RandomSearch(Space, new Random(3)), evaluator, store, new SearchLoopOptions { Budget = 2 });
            var search = loop.RunAsync(cancel.Token);
            var grandchild = await WaitForPid(Path.Combine(Trials, "00000", "grandchild.pid"));
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search);
            await AssertGone(grandchild);
        }

        using var reader = RunStore.OpenReader(run);
        Assert.Equal(TrialStatus.Pending, Assert.Single(reader.LoadTrials()).Status);
    }

    [Fact]
    public async Task What_a_finished_command_leaves_running_is_killed()
    {
        var evaluator = Script("""
            sleep 1000 &
            echo $! > grandchild.pid
            echo '{"score": 0.5}'
            """);

        var result = await evaluator.EvaluateAsync(Context(0), CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        await AssertGone(await WaitForPid(Path.Combine(Trials, "00000", "grandchild.pid")));
    }

    [Fact]
    public async Task A_trial_whose_nao_died_is_killed_with_everything_it_started()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "orphan")).FullName;
        File.WriteAllText(Path.Combine(folder, "trial.json"), "{}");
        using var group = ProcessGroup.Start("sleep 1000 & echo $! > grandchild.pid; wait", folder, "trial.json", "stdout.log", "stderr.log", []);
        var grandchild = await WaitForPid(Path.Combine(folder, "grandchild.pid"));
        await Task.Delay(500);
        Assert.True(IsAlive(grandchild), "the watcher killed a trial whose nao is alive");

        // The kernel closes the pipe's writer when nao dies, however it dies; this is the same event.
        group.CloseOwnerPipe();

        await AssertGone(grandchild);
        Assert.Equal(128 + 9, await group.WaitAsync());
    }

    [Fact]
    public async Task A_finished_trial_leaves_no_process_of_the_watcher_behind_and_keeps_its_exit_code()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "exit")).FullName;
        File.WriteAllText(Path.Combine(folder, "trial.json"), "{}");
        using var group = ProcessGroup.Start("exit 3", folder, "trial.json", "stdout.log", "stderr.log", []);

        Assert.Equal(3, await group.WaitAsync());
        // The leader reaped its watcher before it exited, so the group is gone at once: nothing is left for init.
        Assert.False(GroupExists(group.Id), "the trial's process group outlived its leader");
    }

    [Fact]
    public async Task A_search_with_the_command_evaluator_stores_each_trials_curve_in_the_run()
    {
        var run = Path.Combine(_root, "run");
        var evaluator = Script("""
            echo '{"step": 10, "score": 0.25, "loss": 3}'
            echo '{"step": 20, "score": 0.5, "loss": 2}'
            echo "{\"score\": 0.$(cat trial.json | grep -o '"trial": [0-9]*' | grep -o '[0-9]*$')9}"
            """);
        using (var store = RunStore.Create(run, new SearchOptions { Strategy = "random", Seed = 3, Loop = new SearchLoopOptions { Budget = 3 } }))
        {
            var loop = new SearchLoop(Space, new RandomSearch(Space, new Random(3)), evaluator, store, new SearchLoopOptions { Budget = 3 }) { Seed = 3 };
            await loop.RunAsync(CancellationToken.None);
        }

        using var reader = RunStore.OpenReader(run);
        var trials = reader.LoadTrials();
        Assert.Empty(reader.Damage);
        Assert.Equal([0.09, 0.19, 0.29], trials.Select(t => t.Score));
        Assert.All(trials, t => Assert.Equal([10.0, 20.0], t.Curve.Select(p => p.Step)));
        Assert.All(trials, t => Assert.Equal(2.0, t.Curve[1].Metrics["loss"]));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(File.Exists(Path.Combine(Trials, $"{i:D5}", "stdout.log"))));
    }

    [Fact]
    public async Task A_python_trial_script_reads_its_trial_from_stdin_and_reports_a_curve()
    {
        if (!HasPython()) return;
        var script = Path.Combine(_root, "train.py");
        File.WriteAllText(script, """
            import json, sys
            trial = json.load(sys.stdin)
            for epoch in range(1, 4):
                print(json.dumps({"epoch": epoch, "score": epoch / 10}), flush=True)
            print(json.dumps({"score": len(trial["tokens"]) + trial["trial"]}))
            """);
        var evaluator = new CommandEvaluator(new CommandEvaluatorOptions { Command = $"python3 '{script}'", Name = "train" }, Space, Trials, seed: 1);

        var result = await evaluator.EvaluateAsync(Context(2), CancellationToken.None);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(8, result.Score);
        Assert.Equal([0.1, 0.2, 0.3], result.Curve.Select(p => p.Score));
        Assert.Equal("command train", evaluator.Name);
    }

    private static bool HasPython()
    {
        using var which = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "command -v python3"]) { RedirectStandardOutput = true })!;
        which.WaitForExit();
        return which.ExitCode == 0;
    }

    private static async Task<int> WaitForPid(string file)
    {
        for (var i = 0; i < 500; i++)
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid)) return pid;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{file} never appeared.");
    }

    private static bool GroupExists(int group) => kill(-group, 0) == 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task AssertGone(int pid)
    {
        for (var i = 0; i < 250 && IsAlive(pid); i++) await Task.Delay(20);
        Assert.False(IsAlive(pid), $"process {pid} (the grandchild) is still running");
    }
}
