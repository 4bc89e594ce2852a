using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nao.Cluster.Grains;
using Nao.Cluster.Hosting;
using Nao.Cluster.Worker;
using Nao.Experiments;
using Nao.Storage;
using Nao.Search;
using Nao.Search.Evaluators;

namespace Nao.Cluster.Coordinator;

/// <summary>
/// The coordinator's connection to a cluster: an Orleans client (the coordinator hosts no silo and opens no port),
/// the live view of the workers, and the factory of <see cref="ClusterEvaluator"/>s.
/// </summary>
public sealed class ClusterSession : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly WorkerDirectory _workers;
    private readonly ClusterEvaluatorOptions _options;
    private readonly Action<string> _log;

    private ClusterSession(IHost host, WorkerDirectory workers, ClusterEvaluatorOptions options, Action<string> log, string description)
    {
        _host = host;
        _workers = workers;
        _options = options;
        _log = log;
        Description = description;
    }

    /// <summary>The cluster, for messages.</summary>
    public string Description { get; }

    /// <summary>The active workers.</summary>
    public IReadOnlyList<WorkerInfo> Workers => _workers.Workers;

    /// <summary>The active workers' slots together: the parallelism that keeps the cluster busy.</summary>
    public int TotalSlots => _workers.TotalSlots;

    /// <summary>Connects to the cluster and waits for the first worker.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="ClusterUnavailableException">No gateway or no worker within the wait.</exception>
    public static async Task<ClusterSession> ConnectAsync(ClusterSettings cluster, ClusterEvaluatorOptions options, Action<string> log,
        bool verbose = false, CancellationToken cancellationToken = default)
    {
        cluster.Validate();
        options.Validate();
        var certificate = OrleansSetup.LoadCertificate(cluster);
        var description = $"{cluster.Connection.Describe()}, cluster id '{cluster.ClusterId}'";
        var deadline = DateTime.UtcNow.AddSeconds(options.WaitForWorkersSeconds);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        OrleansSetup.ConfigureLogging(builder.Logging, verbose);
        builder.UseOrleansClient(client =>
        {
            OrleansSetup.ConfigureClient(client, cluster, certificate);
            // Workers may still be starting: keep trying to reach a gateway until the wait runs out.
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (DateTime.UtcNow > deadline) return false;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var hint = cluster.Connection.IsLocalhost
                ? string.Create(CultureInfo.InvariantCulture, $"no worker's gateway answers on 127.0.0.1:{cluster.BaseGatewayPort}. Start the first worker with 'nao worker --cluster localhost'")
                : "check the database connection and that at least one worker runs with the same --cluster-id";
            hint += cluster.TlsCertificatePath is null
                ? " (if the workers run with --tls-cert, pass the same certificate here)."
                : " (the workers must run with the same --tls-cert certificate).";
            throw new ClusterUnavailableException(string.Create(CultureInfo.InvariantCulture,
                $"Cannot connect to the cluster ({description}) within {options.WaitForWorkersSeconds} s: {hint} ({e.GetType().Name}: {e.Message})"), e);
        }
        var workers = new WorkerDirectory(host.Services.GetRequiredService<IClusterClient>(), options, log);
        try
        {
            await workers.StartAsync(description, cancellationToken);
        }
        catch
        {
            await workers.DisposeAsync();
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            throw;
        }
        return new ClusterSession(host, workers, options, log, description);
    }

    /// <summary>The request that carries the evaluator settings of a search (no architecture yet).</summary>
    public static EvaluationRequest RequestTemplate(SearchOptions options) => new()
    {
        Version = RunStore.CurrentVersion,
        Space = options.Space,
        Options = JsonSerializer.Serialize(RequestValidator.EvaluatorPart(options), RunJson.Compact),
    };

    /// <summary>
    /// Asks every worker whether it accepts this search's evaluations (settings, evaluator kind, data paths),
    /// before the search starts; workers that reject are reported and left out.
    /// </summary>
    /// <exception cref="RequestRejectedException">
    /// Every worker rejects; the message is the first worker's reason. Or the search gives a trial command line
    /// (<see cref="CommandLineProblem"/>), which no worker runs.
    /// </exception>
    public async Task CheckAsync(SearchOptions options, CancellationToken cancellationToken)
    {
        if (CommandLineProblem(options) is { } problem) throw new RequestRejectedException(problem);
        var request = RequestTemplate(options);
        var rejections = new List<string>();
        var workers = _workers.Active;
        foreach (var (key, info) in workers)
        {
            JobReply reply;
            try
            {
                reply = await _workers.Grain(key).Check(request).WaitAsync(WorkerDirectory.CallTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log($"worker {info.Name} did not answer the settings check ({e.GetType().Name}); it is asked again with the first evaluation");
                continue;
            }
            if (reply.State == JobState.Rejected)
            {
                var message = reply.Message ?? "rejected";
                rejections.Add(message);
                _workers.RecordRejection(key, request.Options, message);
                _log($"worker {info.Name} rejects this search's evaluations: {message}");
            }
        }
        if (rejections.Count == workers.Count && workers.Count > 0) throw new RequestRejectedException($"Every worker rejects this search's evaluations: {rejections[0]}");
    }

    /// <summary>
    /// Why a search's trial command cannot run on the cluster, or null when it can: workers run only the commands
    /// they allow by name, so a search names one (<c>--command-name</c>) and brings no command line of its own (nor
    /// environment variables). The workers check this again; this is the coordinator's early, explained refusal.
    /// </summary>
    public static string? CommandLineProblem(SearchOptions options)
    {
        if (options.Evaluator != CommandEvaluatorFactory.EvaluatorName || options.Command is not { } command) return null;
        const string setup =
            "Workers run only the trial commands they allow by name: start each worker with nao worker --allow-command NAME=COMMAND " +
            "(e.g. --allow-command train='python3 train.py'), and search with --evaluator command --command-name NAME";
        if (!string.IsNullOrWhiteSpace(command.Command))
        {
            return $"--command gives a trial command line, which cluster workers never run. {setup} (no --command).";
        }
        if (command.Environment.Count > 0)
        {
            return $"The trial command's environment variables ({string.Join(", ", command.Environment.Keys)}) are not sent to workers, which run their allowed commands " +
                   "with their own environment; set them on the workers instead.";
        }
        if (command.Name is null) return $"--evaluator command on a cluster needs --command-name. {setup}.";
        return null;
    }

    /// <summary>An evaluator that runs the search's evaluations on the cluster.</summary>
    /// <param name="options">The search's options; their evaluator part travels with every request.</param>
    /// <param name="stopping">The search's own cancellation: when it fires, running jobs are left for a resumed coordinator to pick up.</param>
    public ClusterEvaluator CreateEvaluator(SearchOptions options, CancellationToken stopping) =>
        new(_workers, RequestTemplate(options), options.Evaluator, _options, _log, stopping);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _workers.DisposeAsync();
        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
