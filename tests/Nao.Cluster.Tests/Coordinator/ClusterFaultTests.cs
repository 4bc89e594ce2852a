using System.Globalization;
using System.Text.RegularExpressions;
using Nao.Tests.Support;
using Xunit.Abstractions;

namespace Nao.Tests.Coordinator;

/// <summary>
/// Issue 8's fault test: real worker and coordinator processes on loopback (localhost clustering), a search with the
/// slow sleep evaluator, and processes killed with SIGKILL. The store must end with every trial exactly once, equal
/// trial by trial to the same search run in one process without any failure.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed partial class ClusterFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 3;
    private readonly TempFolder _temp = new();
    private readonly List<NaoProcess> _processes = [];
    private readonly (int BasePort, int BaseGatewayPort) _ports = FreePorts.Take(8);

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            output.WriteLine($"--- {process.Name} stdout\n{process.Output}\n--- {process.Name} stderr\n{process.Error}");
            process.Dispose();
        }
        _temp.Dispose();
    }

    [Fact]
    public async Task A_60_evaluation_search_survives_a_worker_killed_halfway_and_stores_every_trial_exactly_once()
    {
        var workers = new List<NaoProcess>();
        for (var i = 1; i <= 3; i++) workers.Add(await StartWorkerAsync($"w{i}"));
        var run = _temp.Combine("run");
        var coordinator = Start("coordinator", SearchArguments(run, budget: 60, sleep: 1));

        // Half-way, wait until the third worker (not the primary, which holds localhost clustering's membership)
        // has started a new evaluation, and kill it in the middle of it.
        await coordinator.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 30);
        var victim = workers[2];
        var before = Count(victim.Output, "started");
        await victim.WaitForLineAsync(Started(), TimeSpan.FromMinutes(1), _ => Count(victim.Output, "started") > before);
        victim.KillHard();
        var late = await StartWorkerAsync("w4");

        Assert.Equal(0, await coordinator.WaitForExitAsync(TimeSpan.FromMinutes(4)));
        Assert.Matches("evaluating it again on another worker", coordinator.Error);
        Assert.True(Count(late.Output, "finished") > 0, "the worker that joined late received no evaluation");
        await UninterruptedRun.AssertEqualAsync(run, budget: 60);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_search_resumes_picks_up_the_running_evaluations_and_loses_or_repeats_none()
    {
        for (var i = 1; i <= 2; i++) await StartWorkerAsync($"w{i}", slots: 2);
        var run = _temp.Combine("run");
        var first = Start("coordinator", SearchArguments(run, budget: 40, sleep: 1.5));
        await first.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 15);
        first.KillHard();

        var resumed = Start("resumed coordinator", ["search", "--resume", run, .. ClusterArguments()]);
        Assert.Equal(0, await resumed.WaitForExitAsync(TimeSpan.FromMinutes(4)));
        Assert.Matches("picked up architecture [0-9a-f]+, still on worker", resumed.Error);
        await UninterruptedRun.AssertEqualAsync(run, budget: 40);
    }

    private async Task<NaoProcess> StartWorkerAsync(string name, int slots = 1)
    {
        var worker = Start(name, ["worker", .. ClusterArguments(), "--name", name, "--slots", slots.ToString(CultureInfo.InvariantCulture)]);
        await worker.WaitForLineAsync(Ready(), TimeSpan.FromMinutes(2));
        return worker;
    }

    private NaoProcess Start(string name, string[] args)
    {
        var process = NaoProcess.Start(name, args);
        _processes.Add(process);
        return process;
    }

    private string[] ClusterArguments() =>
    [
        "--cluster", "localhost",
        "--base-port", _ports.BasePort.ToString(CultureInfo.InvariantCulture),
        "--base-gateway-port", _ports.BaseGatewayPort.ToString(CultureInfo.InvariantCulture),
    ];

    private string[] SearchArguments(string run, int budget, double sleep) =>
    [
        "search", .. ClusterArguments(), "--run", run, "--space", "nb201", "--strategy", "evolution", "--population", "10", "--tournament", "3",
        "--evaluator", "sleep", "--sleep", sleep.ToString(CultureInfo.InvariantCulture), "--budget", budget.ToString(CultureInfo.InvariantCulture),
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
    ];

    private static int Told(string progressLine) => int.Parse(Progress().Match(progressLine).Groups[1].Value, CultureInfo.InvariantCulture);

    private static int Count(string text, string word) => Regex.Matches(text, $@"\bjob [0-9a-f]+ {word}\b").Count;

    [GeneratedRegex(@"(\d+)/\d+ evaluations")]
    private static partial Regex Progress();

    [GeneratedRegex(@"\bready\b")]
    private static partial Regex Ready();

    [GeneratedRegex(@"\bjob [0-9a-f]+ started\b")]
    private static partial Regex Started();
}
