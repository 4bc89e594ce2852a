using System.Collections.Concurrent;
using System.Globalization;
using Nao.Cli;
using Nao.Cluster;
using Nao.Cluster.Worker;
using Nao.Experiments;
using Nao.Search;
using Nao.Sessions;
using Nao.Storage;
using Nao.Strategies;
using Nao.Tests.Support;
using Xunit.Abstractions;

namespace Nao.Tests.Coordinator;

/// <summary>One in-process worker with two slots on loopback that allows the trial command <c>curve</c> (a slow learning curve).</summary>
public sealed class CurveWorker : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _log = new();

    public TempFolder Temp { get; } = new();

    public (int BasePort, int BaseGatewayPort) Ports { get; } = FreePorts.Take(2);

    public WorkerHost? Worker { get; private set; }

    public string Log => string.Join('\n', _log);

    public string[] ClusterArguments =>
    [
        "--cluster", "localhost",
        "--base-port", Ports.BasePort.ToString(CultureInfo.InvariantCulture),
        "--base-gateway-port", Ports.BaseGatewayPort.ToString(CultureInfo.InvariantCulture),
    ];

    public async Task InitializeAsync()
    {
        var script = TrialScripts.WriteCurveScript(Temp.Path);
        var cluster = new ClusterSettings { BasePort = Ports.BasePort, BaseGatewayPort = Ports.BaseGatewayPort };
        var options = new WorkerOptions
        {
            Name = "w1",
            Slots = 2,
            AllowedCommands = new Dictionary<string, string> { ["curve"] = $"sh {script}" },
            WorkDirectory = Temp.Combine("work"),
        };
        Worker = await WorkerHost.StartAsync(cluster, options, new SearchRunner(SearchParts.Core), _log.Enqueue);
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.StopAsync();
            await Worker.DisposeAsync();
        }
        Temp.Dispose();
    }
}

/// <summary>
/// Issue 18 on the cluster: the worker reports each curve point as it is measured, the coordinator applies the
/// stopping rule, and a stop request ends the training on the worker; a scheduler's fidelity travels with the job.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed class ClusterStoppingTests(CurveWorker worker, ITestOutputHelper output) : IClassFixture<CurveWorker>
{
    private async Task<(int Code, string Error)> SearchAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await NaoApp.RunAsync(["search", .. worker.ClusterArguments, .. args], stdout, stderr);
        output.WriteLine($"--- search {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}\n--- worker\n{worker.Log}");
        return (code, stderr.ToString());
    }

    [Fact]
    public async Task A_trial_the_median_rule_stops_on_a_worker_ends_its_training_early_and_is_stored_as_stopped()
    {
        var run = worker.Temp.Combine("median");
        var (code, error) = await SearchAsync("--space-file", TrialScripts.Sample("spaces/chain.yaml"), "--strategy", "random", "--seed", "7",
            "--evaluator", "command", "--command-name", "curve", "--budget", "12", "--parallel", "2",
            "--early-stop", "median", "--stop", "minFinished=3", "--run", run);
        Assert.True(code == 0, error);

        using var store = RunStore.Open(run);
        var trials = store.LoadTrials();
        Assert.Equal(12, trials.Count);
        var stopped = trials.Where(t => t.Status == TrialStatus.Stopped).ToList();
        var ok = trials.Where(t => t.Status == TrialStatus.Ok).ToList();
        Assert.NotEmpty(stopped);
        Assert.Equal(12, stopped.Count + ok.Count);
        Assert.All(ok, t => Assert.Equal(6, t.Curve.Count));
        Assert.All(stopped, t =>
        {
            // Stopped at a proper prefix of the curve (grace 1: from the first point on), with the rule's reason and its last score told.
            Assert.InRange(t.Curve.Count, 1, 5);
            Assert.Contains("median", t.Error);
            Assert.Equal(t.Curve[^1].Score, t.Score);
            Assert.Equal(t.Curve[^1].Step, t.Metrics["stopped_step"]);
        });

        // The stopped trials' commands were killed on the worker before they ran to the end: only the trials that
        // finished left the marker the script writes after its last epoch.
        var markers = Directory.GetFiles(worker.Worker!.WorkFolder, TrialScripts.FinishedMarker, SearchOption.AllDirectories);
        Assert.Equal(ok.Count, markers.Length);

        // The same decisions as in this process: each trial is judged against the trials told before it was asked.
        var memory = new MemoryTrialStore();
        Directory.CreateDirectory(worker.Temp.Combine("local"));
        var script = TrialScripts.WriteCurveScript(worker.Temp.Combine("local"));
        var local = store.Options with { Command = store.Options.Command with { Command = $"sh {script}", Name = null } };
        await new SearchRunner(SearchParts.Core).RunAsync(local, memory, new NoCheckpoints(), null, CancellationToken.None);
        var expected = memory.LoadTrials();
        Assert.Equal(expected.Select(t => (t.Genotype.Canonical, t.Status, t.Score, t.Curve.Count)), trials.Select(t => (t.Genotype.Canonical, t.Status, t.Score, t.Curve.Count)));
    }

    [Fact]
    public async Task A_successive_halving_search_on_a_worker_evaluates_each_trial_at_its_fidelity_as_in_process()
    {
        var run = worker.Temp.Combine("halving");
        var (code, error) = await SearchAsync("--strategy", "random", "--seed", "3", "--budget", "20",
            "--scheduler", "successive-halving", "--eta", "3", "--run", run);
        Assert.True(code == 0, error);

        using var store = RunStore.Open(run);
        var trials = store.LoadTrials();
        var memory = new MemoryTrialStore();
        await new SearchRunner(SearchParts.Core).RunAsync(store.Options, memory, new NoCheckpoints(), null, CancellationToken.None);
        var expected = memory.LoadTrials();
        Assert.Equal(20, trials.Count);
        // Both fidelities occur, and each trial's score is the table's at the fidelity in its record.
        Assert.Equal(2, trials.Select(t => t.Record["fidelity"]?.ToJsonString()).Distinct().Count());
        Assert.Equal(expected.Select(t => (t.Genotype.Canonical, t.Score, t.Record.ToJsonString())), trials.Select(t => (t.Genotype.Canonical, t.Score, t.Record.ToJsonString())));
    }
}
