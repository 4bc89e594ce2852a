using System.Globalization;
using System.Text.RegularExpressions;
using Nao.Tests.Support;
using Xunit.Abstractions;

namespace Nao.Tests.Network;

/// <summary>
/// Issue 22: a cluster of several machines, tested as several machines. Each worker runs in a network namespace of
/// its own with a private address that exists only on the test's bridge, all clustering through a real PostgreSQL
/// that requires TLS, set up by deploy/postgres/README.md's own commands; workers and coordinator share a cluster
/// certificate. Faults: a worker killed with SIGKILL, one cut off the network and later reconnected, one joining late,
/// a coordinator killed in one namespace and resumed from another.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed partial class NamespaceClusterTests : IDisposable
{
    private const int Seed = 3;
    private readonly ITestOutputHelper _output;
    private readonly TempFolder _temp = new();
    private readonly List<NaoProcess> _processes = [];
    private NetworkLab? _lab;
    private PostgresServer? _database;

    public NamespaceClusterTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            _output.WriteLine($"--- {process.Name} stdout\n{process.Output}\n--- {process.Name} stderr\n{process.Error}");
            process.Dispose();
        }
        if (_database is not null) _output.WriteLine($"--- database log\n{_database.Log}");
        _lab?.Dispose();
        _database?.Dispose();
        _temp.Dispose();
    }

    [SystemFact(postgres: true, namespaces: true)]
    public async Task Workers_in_three_namespaces_survive_a_kill_a_cut_and_a_late_join_and_store_every_trial_exactly_once()
    {
        var cluster = StartLab(machines: 4);
        var workers = new List<NaoProcess>();
        for (var machine = 1; machine <= 3; machine++) workers.Add(await StartWorkerAsync(cluster, machine));
        AssertWorkersAdvertiseLabAddresses();

        var run = _temp.Combine("run");
        var coordinator = Start("coordinator", [], cluster.Environment, cluster.CoordinatorArguments(SearchExtras(run, budget: 60)));
        // A new machine joins late, and the coordinator takes it on.
        await coordinator.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 3);
        var late = await StartWorkerAsync(cluster, 4);
        var ready = DateTime.UtcNow;
        await coordinator.WaitForLineAsync(new Regex(@"worker m4 joined"), TimeSpan.FromMinutes(2));
        _output.WriteLine($"the coordinator took on the late worker {(DateTime.UtcNow - ready).TotalSeconds:F1} s after it was ready");

        // A machine dies mid-evaluation (kill -9): its evaluation runs again elsewhere.
        await coordinator.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 18);
        var before = Count(workers[0].Output, "started");
        await workers[0].WaitForLineAsync(Started(), TimeSpan.FromMinutes(1), _ => Count(workers[0].Output, "started") > before);
        workers[0].KillHard();

        // A pulled cable, plugged back in 15 s later: the search goes on either way.
        await coordinator.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 34);
        _lab!.Disconnect(2);
        await Task.Delay(TimeSpan.FromSeconds(15));
        _lab.Reconnect(2);

        Assert.Equal(0, await coordinator.WaitForExitAsync(TimeSpan.FromMinutes(5)));
        Assert.Matches("evaluating it again on another worker", coordinator.Error);
        Assert.True(Count(late.Output, "finished") > 0, "the worker that joined late received no evaluation");
        await UninterruptedRun.AssertEqualAsync(run, budget: 60);
    }

    [SystemFact(postgres: true, namespaces: true)]
    public async Task A_coordinator_killed_in_one_namespace_resumes_from_another_and_loses_or_repeats_no_trial()
    {
        var cluster = StartLab(machines: 3);
        for (var machine = 1; machine <= 2; machine++) await StartWorkerAsync(cluster, machine, slots: 2);

        // The run folder is on the file system that every namespace sees, as a shared disk would be across machines.
        var run = _temp.Combine("run");
        var first = Start("coordinator in machine 3", _lab!.Inside(3), cluster.Environment, cluster.CoordinatorArguments(SearchExtras(run, budget: 30)));
        await first.WaitForLineAsync(Progress(), TimeSpan.FromMinutes(3), line => Told(line) >= 10);
        first.KillHard();

        var resumed = Start("coordinator resumed in the root namespace", [], cluster.Environment,
            ["search", "--resume", run, "--cluster", ClusterUrl(cluster), "--tls-cert", cluster.Certificate]);
        Assert.Equal(0, await resumed.WaitForExitAsync(TimeSpan.FromMinutes(4)));
        await UninterruptedRun.AssertEqualAsync(run, budget: 30);
    }

    /// <summary>The lab, its database (TLS required, set up by the README's step 1) and the README's cluster.</summary>
    private ReadmeCluster StartLab(int machines)
    {
        _lab = new NetworkLab(machines);
        for (var machine = 1; machine <= machines; machine++)
        {
            // No default route: a machine of the lab can reach the lab's addresses and nothing else.
            Assert.DoesNotContain("default", _lab.Routes(machine));
        }
        _database = PostgresServer.Start(_temp.Combine("postgres"), ReadmeCluster.ServerListenAddresses(_lab.Gateway),
            ReadmeCluster.ServerNetworks(_lab.Network), requireTls: true);
        var cluster = new ReadmeCluster(_database, _lab.Gateway,
            ReadmeCluster.CreateCertificate(_temp.Combine("cluster.pfx")), _temp.Combine("data"), urlSuffix: "?sslmode=require");
        Assert.Equal(5, cluster.SetUpDatabase());
        return cluster;
    }

    private static string ClusterUrl(ReadmeCluster cluster)
    {
        var args = cluster.CoordinatorArguments();
        return args[Array.IndexOf(args, "--cluster") + 1];
    }

    private async Task<NaoProcess> StartWorkerAsync(ReadmeCluster cluster, int machine, int slots = 1)
    {
        var args = cluster.WorkerArguments(_lab!.Address(machine));
        var slot = Array.IndexOf(args, "--slots");
        args[slot + 1] = slots.ToString(CultureInfo.InvariantCulture);
        var worker = Start($"worker on machine {machine}", _lab.Inside(machine), cluster.Environment, [.. args, "--name", $"m{machine}"]);
        await worker.WaitForLineAsync(Ready(), TimeSpan.FromMinutes(2));
        return worker;
    }

    /// <summary>Every live member in the database's membership table has an address of the lab.</summary>
    private void AssertWorkersAdvertiseLabAddresses()
    {
        var addresses = _database!.Superuser("SELECT address FROM orleansmembershiptable WHERE status = 3", "nao")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, addresses.Length);
        Assert.All(addresses, a => Assert.StartsWith($"10.{_lab!.Subnet}.0.", a, StringComparison.Ordinal));
    }

    private NaoProcess Start(string name, string[] launcher, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var process = NaoProcess.StartVia(launcher, name, environment, args);
        _processes.Add(process);
        return process;
    }

    private static string[] SearchExtras(string run, int budget) =>
    [
        "--run", run, "--population", "10", "--tournament", "3", "--sleep", "2",
        "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--budget", budget.ToString(CultureInfo.InvariantCulture), "--wait-workers", "60",
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
