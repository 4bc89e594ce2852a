using System.Collections.Concurrent;
using System.Globalization;
using Nao.Cli;
using Nao.Cluster;
using Nao.Cluster.Worker;
using Nao.Experiments;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.Sessions;
using Nao.Storage;
using Nao.Tests.Support;
using Xunit.Abstractions;

namespace Nao.Tests.Coordinator;

/// <summary>Two in-process workers on loopback that allow the trial command <c>score</c> (a shell script).</summary>
public sealed class CommandWorkers : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _log = new();

    public TempFolder Temp { get; } = new();

    public (int BasePort, int BaseGatewayPort) Ports { get; } = FreePorts.Take(4);

    public List<WorkerHost> Workers { get; } = [];

    public string Log => string.Join('\n', _log);

    public string[] ClusterArguments =>
    [
        "--cluster", "localhost",
        "--base-port", Ports.BasePort.ToString(CultureInfo.InvariantCulture),
        "--base-gateway-port", Ports.BaseGatewayPort.ToString(CultureInfo.InvariantCulture),
    ];

    public async Task InitializeAsync()
    {
        var script = TrialScripts.WriteScoreScript(Temp.Path);
        var cluster = new ClusterSettings { BasePort = Ports.BasePort, BaseGatewayPort = Ports.BaseGatewayPort };
        // One at a time: with localhost clustering the first worker holds the membership the second joins.
        for (var i = 1; i <= 2; i++)
        {
            var options = new WorkerOptions
            {
                Name = $"w{i}",
                AllowedCommands = new Dictionary<string, string> { ["score"] = $"sh {script}" },
                WorkDirectory = Temp.Combine("work"),
            };
            Workers.Add(await WorkerHost.StartAsync(cluster, options, new SearchRunner(SearchParts.Core), _log.Enqueue));
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = Workers.Count - 1; i >= 0; i--)
        {
            await Workers[i].StopAsync();
            await Workers[i].DisposeAsync();
        }
        Temp.Dispose();
    }
}

/// <summary>
/// <c>nao search --cluster … --evaluator command --command-name NAME</c>: the workers run the command they allow by
/// that name; a command line from the coordinator is refused on both sides.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed class ClusterCommandTests(CommandWorkers workers, ITestOutputHelper output) : IClassFixture<CommandWorkers>
{
    private async Task<(int Code, string Out, string Error)> SearchAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await NaoApp.RunAsync(["search", .. workers.ClusterArguments, .. args], stdout, stderr);
        output.WriteLine($"--- search {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}\n--- workers\n{workers.Log}");
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_space_file_search_runs_the_workers_allowed_command_two_at_a_time_and_stores_every_curve()
    {
        var run = workers.Temp.Combine("run");
        var (code, _, error) = await SearchAsync("--space-file", TrialScripts.Sample("spaces/chain.yaml"), "--strategy", "random", "--seed", "4",
            "--evaluator", "command", "--command-name", "score", "--budget", "6", "--parallel", "2", "--run", run);
        Assert.True(code == 0, error);

        using var store = RunStore.Open(run);
        Assert.Equal(2, store.Options.Loop.Parallel);
        var trials = store.LoadTrials();
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialStatus.Ok, t.Status);
            // The script's numbers come from the architecture it was sent: the final line's length, the epoch line's curve point.
            Assert.Equal(t.Genotype.Canonical.Length, t.Metrics["length"]);
            var point = Assert.Single(t.Curve);
            Assert.Equal(1, point.Step);
            Assert.InRange(point.Score, 0, 996);
        });

        // The trials ran on the workers, in their work folders (logs stay there), each worker counting its own.
        var trialFiles = workers.Workers
            .SelectMany(w => Directory.Exists(w.WorkFolder) ? Directory.GetFiles(w.WorkFolder, "trial.json", SearchOption.AllDirectories) : [])
            .ToList();
        Assert.Equal(6, trialFiles.Count);
        Assert.All(trialFiles, f => Assert.Equal(CommandEvaluatorFactory.TrialsFolder, Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f)))));
        Assert.False(Directory.Exists(Path.Combine(run, CommandEvaluatorFactory.TrialsFolder)), "remote trials write no trial folders into the run folder");
    }

    [Fact]
    public async Task A_name_no_worker_allows_stops_the_search_before_its_run_folder_with_the_allowed_names()
    {
        var run = workers.Temp.Combine("unknown");
        var (code, _, error) = await SearchAsync("--space-file", TrialScripts.Sample("spaces/chain.yaml"), "--strategy", "random",
            "--evaluator", "command", "--command-name", "train", "--budget", "2", "--run", run);
        Assert.Equal(2, code);
        Assert.Contains("error: Every worker rejects this search's evaluations: The request names the trial command 'train', which this worker does not allow; it allows score", error);
        Assert.False(Directory.Exists(run), "no run folder is created for a search that cannot run");
    }

    [Fact]
    public async Task A_second_worker_with_the_same_name_and_work_folder_is_refused_so_trial_logs_are_never_shared()
    {
        var first = workers.Workers[0];
        var twin = new WorkerOptions { Name = first.Name, WorkDirectory = workers.Temp.Combine("work") };
        var cluster = new ClusterSettings { BasePort = workers.Ports.BasePort, BaseGatewayPort = workers.Ports.BaseGatewayPort };
        var e = await Assert.ThrowsAsync<IOException>(() => WorkerHost.StartAsync(cluster, twin, new SearchRunner(SearchParts.Core), _ => { }));
        Assert.Contains($"Another worker uses the work folder {first.WorkFolder}", e.Message);
    }
}
