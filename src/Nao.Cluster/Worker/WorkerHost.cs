using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nao.Cluster.Hosting;
using Nao.Cluster.Placement;
using Nao.Evaluation;
using Nao.Experiments;
using Orleans.Configuration;
using Nao.Sessions;

namespace Nao.Cluster.Worker;

/// <summary>
/// A running worker: an Orleans silo that holds one <see cref="JobRunner"/> and answers evaluation requests through
/// its pinned <see cref="Grains.IWorkerGrain"/>. It evaluates with the same evaluators as a local search, built by
/// the <see cref="SearchRunner"/> it is given.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly JobRunner _jobs;
    private readonly FileStream _workLock;

    private WorkerHost(IHost host, JobRunner jobs, FileStream workLock, string name, string address, int port, int gatewayPort)
    {
        _host = host;
        _jobs = jobs;
        _workLock = workLock;
        Name = name;
        SiloAddress = address;
        Port = port;
        GatewayPort = gatewayPort;
    }

    /// <summary>The worker's name in logs.</summary>
    public string Name { get; }

    /// <summary>The silo address, which is also the key of the worker's grain.</summary>
    public string SiloAddress { get; }

    /// <summary>The silo port.</summary>
    public int Port { get; }

    /// <summary>The gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>This worker's folder for trial files: <c>WORK/NAME</c> (<see cref="WorkerOptions.WorkDirectory"/>).</summary>
    public string WorkFolder => _jobs.WorkFolder!;

    /// <summary>Starts a worker and joins the cluster.</summary>
    /// <param name="cluster">The cluster to join.</param>
    /// <param name="options">The worker's settings; validated here.</param>
    /// <param name="runner">Builds evaluators from request settings, as for a local search.</param>
    /// <param name="log">Receives the worker's event lines.</param>
    /// <param name="verbose">Show Orleans' information messages.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">Invalid settings (the message names the option).</exception>
    /// <exception cref="DirectoryNotFoundException">A data root does not exist.</exception>
    /// <exception cref="IOException">The work folder cannot be created, or another worker of the same name uses it.</exception>
    /// <exception cref="ClusterUnavailableException">The silo could not start or join the cluster.</exception>
    public static async Task<WorkerHost> StartAsync(ClusterSettings cluster, WorkerOptions options, SearchRunner runner, Action<string> log,
        bool verbose = false, CancellationToken cancellationToken = default)
    {
        cluster.Validate();
        options.Validate(cluster);
        var roots = new DataRoots(options.DataRoots);
        var certificate = OrleansSetup.LoadCertificate(cluster);
        var advertised = options.AdvertisedAddress();
        var listen = options.ListenAny ? IPAddress.Any : advertised;
        // Workers started at the same moment can pick the same free ports; the loser retries with the next pair.
        for (var attempt = 0; ; attempt++)
        {
            var (port, gatewayPort) = PortPicker.Pick(listen, cluster.BasePort, cluster.BaseGatewayPort, options.Port, options.GatewayPort, skip: attempt);
            var name = options.Name ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{port}");
            var folder = Path.Combine(options.WorkFolder(), FolderName(name));
            var workLock = LockWorkFolder(folder);
            var jobs = new JobRunner(options, new RequestValidator(roots, runner, options.AllowedCommands), runner.CreateEvaluator, line => log($"[{name}] {line}"))
            {
                Name = name,
                WorkFolder = folder,
            };
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            OrleansSetup.ConfigureLogging(builder.Logging, verbose);
            builder.Services.AddSingleton(jobs);
            builder.Services.AddSingleton(roots);
            builder.UseOrleans(silo =>
            {
                OrleansSetup.ConfigureSilo(silo, cluster, advertised, options.ListenAny, port, gatewayPort, certificate);
                silo.Configure<SiloOptions>(o => o.SiloName = name);
                silo.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
            });
            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (IsPortTaken(e) && options.Port == 0 && attempt < 5)
            {
                jobs.Dispose();
                host.Dispose();
                await workLock.DisposeAsync();
                continue;
            }
            catch (Exception e)
            {
                jobs.Dispose();
                host.Dispose();
                await workLock.DisposeAsync();
                if (e is OperationCanceledException) throw;
                throw new ClusterUnavailableException(StartFailure(cluster, port, e), e);
            }
            var address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
            return new WorkerHost(host, jobs, workLock, name, address, port, gatewayPort);
        }
    }

    /// <summary>Leaves the cluster: cancels running jobs (their coordinators rerun them elsewhere) and stops the silo.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var stopping = _jobs.StopAsync();
        await _host.StopAsync(cancellationToken);
        await stopping;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _jobs.Dispose();
        if (_host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else _host.Dispose();
        await _workLock.DisposeAsync();
    }

    /// <summary>A worker name as a folder name: <c>host:11111</c> becomes <c>host-11111</c>.</summary>
    public static string FolderName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray();
        var folder = new string(chars).Trim('.');
        return folder.Length == 0 ? "worker" : folder;
    }

    /// <summary>
    /// Holds <c>FOLDER/.lock</c> for the worker's life: two workers of the same name sharing a work folder would
    /// number their trials alike and overwrite each other's logs, so the second one is refused.
    /// </summary>
    private static FileStream LockWorkFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new FileStream(Path.Combine(folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"Another worker uses the work folder {folder} (same --name and --work-dir). Give this worker another --name or --work-dir.", e);
        }
    }

    private static bool IsPortTaken(Exception e) =>
        e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } ||
        (e.InnerException is not null && IsPortTaken(e.InnerException)) ||
        (e is AggregateException a && a.InnerExceptions.Any(IsPortTaken));

    private static string StartFailure(ClusterSettings cluster, int port, Exception e)
    {
        var hint = cluster.Connection.IsLocalhost && port != cluster.BasePort
            ? $" With localhost clustering the first worker (port {cluster.BasePort}) holds the membership: is it running, with the same --cluster-id?"
            : cluster.Connection.IsLocalhost ? "" : " Check the database connection, that deploy/postgres/*.sql were run on it, and the --cluster-id.";
        return $"The worker could not join the cluster ({cluster.Connection.Describe()}, cluster id '{cluster.ClusterId}'): {e.GetType().Name}: {e.Message}.{hint}";
    }
}
