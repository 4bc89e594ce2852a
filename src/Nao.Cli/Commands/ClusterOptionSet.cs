using System.CommandLine;
using Nao.Cluster;

namespace Nao.Cli.Commands;

/// <summary>
/// The options that name a cluster, shared by <c>nao worker</c> and <c>nao search --cluster</c>, and their mapping
/// onto <see cref="ClusterSettings"/>. Defaults shown in help are the library's.
/// </summary>
internal sealed class ClusterOptionSet
{
    /// <summary>The environment variable that holds the TLS certificate's password (kept off the command line, which other users can read).</summary>
    public const string TlsPasswordVariable = "NAO_TLS_PASSWORD";

    private static readonly ClusterSettings Defaults = new();

    /// <summary>Creates the options; <paramref name="coordinator"/> adds those only the coordinator has.</summary>
    public ClusterOptionSet(bool required, string clusterDescription, bool coordinator = false)
    {
        Cluster = new Option<string?>("--cluster") { Description = clusterDescription, Required = required };
        _coordinator = coordinator;
    }

    private readonly bool _coordinator;

    public Option<string?> Cluster { get; }
    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "The cluster's id: workers and coordinator must use the same one.", DefaultValueFactory = _ => Defaults.ClusterId };
    public Option<int> BasePort { get; } = new("--base-port") { Description = "Silo port of the first worker on a machine (with localhost clustering, the primary's).", DefaultValueFactory = _ => Defaults.BasePort };
    public Option<int> BaseGatewayPort { get; } = new("--base-gateway-port") { Description = "Gateway port of the first worker on a machine (with localhost clustering, where the coordinator connects).", DefaultValueFactory = _ => Defaults.BaseGatewayPort };
    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = $"A .pfx certificate shared by the cluster: all connections use mutual TLS with it (password in ${TlsPasswordVariable})." };
    public Option<bool> Log { get; } = new("--cluster-log") { Description = "Show Orleans' own log messages (errors only without it)." };
    public Option<double> WaitWorkers { get; } = new("--wait-workers") { Description = "Seconds to wait for the cluster and its first worker before giving up.", DefaultValueFactory = _ => new ClusterEvaluatorOptions().WaitForWorkersSeconds };

    /// <summary>Every option, to add to a command.</summary>
    public IEnumerable<Option> All => _coordinator ? [Cluster, ClusterId, BasePort, BaseGatewayPort, TlsCert, Log, WaitWorkers] : [Cluster, ClusterId, BasePort, BaseGatewayPort, TlsCert, Log];

    /// <summary>The coordinator's settings for the cluster evaluator.</summary>
    /// <exception cref="UsageException">An invalid value.</exception>
    public ClusterEvaluatorOptions EvaluatorOptions(ParseResult parse)
    {
        var options = new ClusterEvaluatorOptions { WaitForWorkersSeconds = parse.GetValue(WaitWorkers) };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--wait-workers: {e.Message}");
        }
        return options;
    }

    /// <summary>The cluster settings, or null when <c>--cluster</c> was not given.</summary>
    /// <exception cref="UsageException">An invalid value; the message names the option.</exception>
    public ClusterSettings? Bind(ParseResult parse)
    {
        if (parse.GetValue(Cluster) is not { } text) return null;
        try
        {
            var settings = new ClusterSettings
            {
                Connection = ClusterConnection.Parse(text),
                ClusterId = parse.GetValue(ClusterId)!,
                BasePort = parse.GetValue(BasePort),
                BaseGatewayPort = parse.GetValue(BaseGatewayPort),
                TlsCertificatePath = parse.GetValue(TlsCert),
                TlsCertificatePassword = Environment.GetEnvironmentVariable(TlsPasswordVariable),
            };
            settings.Validate();
            return settings;
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
