using System.Text.RegularExpressions;
using Nao.Storage;
using Nao.Tests.Support;
using Xunit.Abstractions;

namespace Nao.Tests.Network;

/// <summary>
/// The PostgreSQL path on one machine (no root needed): a database that takes logins over TLS only, set up by the
/// deployment README's own commands. <c>?sslmode=require</c> gets a worker and a coordinator in and runs a search;
/// <c>?sslmode=disable</c> is refused with a message that says what to do; and a worker holding another cluster
/// certificate, or none, cannot join the cluster or take work from it.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed class PostgresTlsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<NaoProcess> _processes = [];
    private readonly (int BasePort, int BaseGatewayPort) _ports = FreePorts.Take(4);
    private PostgresServer? _database;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            output.WriteLine($"--- {process.Name} stdout\n{process.Output}\n--- {process.Name} stderr\n{process.Error}");
            process.Dispose();
        }
        if (_database is not null) output.WriteLine($"--- database log\n{_database.Log}");
        _database?.Dispose();
        _temp.Dispose();
    }

    [SystemFact(postgres: true)]
    public async Task A_database_that_requires_TLS_admits_sslmode_require_refuses_sslmode_disable_and_workers_with_another_certificate_or_none_get_no_work()
    {
        _database = PostgresServer.Start(_temp.Combine("postgres"), ReadmeCluster.ServerListenAddresses("127.0.0.1"), ["127.0.0.1/32"], requireTls: true);
        var certificate = ReadmeCluster.CreateCertificate(_temp.Combine("cluster.pfx"));
        var cluster = new ReadmeCluster(_database, "127.0.0.1", certificate, _temp.Combine("data"), urlSuffix: "?sslmode=require");
        Assert.Equal(5, cluster.SetUpDatabase());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // sslmode=disable: the server has no non-TLS login line for this client, so the worker cannot even register.
        var plain = new ReadmeCluster(_database, "127.0.0.1", certificate, _temp.Combine("data"), urlSuffix: "?sslmode=disable");
        using (var refused = NaoProcess.Start("worker without TLS to the database", plain.Environment, [.. Worker(plain, 0)]))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(TimeSpan.FromMinutes(2)));
            Assert.Matches(new Regex("no encryption|SSL|pg_hba", RegexOptions.IgnoreCase), refused.Error + refused.Output);
        }

        output.WriteLine($"refused after {clock.Elapsed}");
        var worker = Start("worker", cluster.Environment, Worker(cluster, 1));
        await worker.WaitForLineAsync(new Regex(@"\bready\b"), TimeSpan.FromMinutes(2));

        output.WriteLine($"worker ready after {clock.Elapsed}");
        var run = _temp.Combine("run");
        var coordinator = Start("coordinator", cluster.Environment,
            cluster.CoordinatorArguments("--run", run, "--budget", "6", "--sleep", "0.5", "--population", "4", "--tournament", "2", "--wait-workers", "60"));
        Assert.Equal(0, await coordinator.WaitForExitAsync(TimeSpan.FromMinutes(3)));
        output.WriteLine($"search done after {clock.Elapsed}");
        using (var store = RunStore.Open(run)) Assert.Equal(6, store.LoadTrials().Count(t => t.IsFinished));
        Assert.Equal(6, Regex.Matches(worker.Output, @"\bjob [0-9a-f]+ finished\b").Count);

        // Another cluster certificate, or none: the joining worker must reach every member over mutual TLS, which
        // fails, so it never becomes a member (and so can never be sent work).
        var foreignCertificate = ReadmeCluster.CreateCertificate(_temp.Combine("foreign.pfx"));
        var foreign = new ReadmeCluster(_database, "127.0.0.1", foreignCertificate, _temp.Combine("data"), urlSuffix: "?sslmode=require");
        var intruders = new[]
        {
            Start("worker with a foreign certificate", foreign.Environment, Worker(foreign, 2)),
            Start("worker without a certificate", cluster.Environment, WithoutCertificate(Worker(cluster, 3))),
        };
        foreach (var intruder in intruders)
        {
            await intruder.WaitForLineAsync(new Regex("Failed to get ping responses"), TimeSpan.FromMinutes(2));
            Assert.DoesNotMatch(@"\bready\b", intruder.Output);
        }
        var members = _database.Superuser("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", "nao").Trim();
        Assert.Equal("1", members);
    }

    private static string[] WithoutCertificate(string[] args)
    {
        var at = Array.IndexOf(args, "--tls-cert");
        Assert.True(at >= 0, "the README's worker command names no --tls-cert");
        return [.. args[..at], .. args[(at + 2)..]];
    }

    /// <summary>The README's worker command on loopback: one machine holds every worker, so each takes its own ports.</summary>
    private string[] Worker(ReadmeCluster cluster, int offset)
    {
        var (port, gatewayPort) = (_ports.BasePort + offset, _ports.BaseGatewayPort + offset);
        var args = cluster.WorkerArguments("127.0.0.1").ToList();
        args.Remove("--listen-any");
        return [.. args, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    private NaoProcess Start(string name, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var process = NaoProcess.Start(name, environment, args);
        _processes.Add(process);
        return process;
    }
}
