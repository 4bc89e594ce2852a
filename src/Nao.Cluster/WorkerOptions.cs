using System.Net;
using Nao.Evaluation.Command;

namespace Nao.Cluster;

/// <summary>How one worker runs: its slots, device, data roots, allowed trial commands, ports and network exposure.</summary>
public sealed record WorkerOptions
{
    /// <summary>Evaluations this worker runs at once. Default: 1.</summary>
    public int Slots { get; init; } = 1;

    /// <summary>The device the worker's evaluators train on: <c>cpu</c> or <c>cuda</c>. Default: <c>cpu</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Folders a request may read from (and write checkpoints into). A path in a request that lies outside all of
    /// them is rejected; a relative path is looked up in each. Default: none (a request may name no file).
    /// </summary>
    public IReadOnlyList<string> DataRoots { get; init; } = [];

    /// <summary>
    /// The trial commands this worker runs, by name (<c>nao worker --allow-command NAME=COMMAND</c>): a search with
    /// <c>--evaluator command --command-name NAME</c> runs the command line given here for NAME. A request never
    /// brings its own command line, so a coordinator cannot make the worker run anything its owner did not list.
    /// Default: none (command-evaluator requests are rejected).
    /// </summary>
    public IReadOnlyDictionary<string, string> AllowedCommands { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The folder the worker's trial commands run in: <c>WORK/WORKER/SEARCH/trials/NNNNN</c>, one folder per worker
    /// name and per search settings, so searches and workers sharing it never write into each other's trials. Logs of
    /// remote trials stay here, on the worker. Null for <c>nao-worker</c> under the system's temporary folder.
    /// Default: null.
    /// </summary>
    public string? WorkDirectory { get; init; }

    /// <summary>This worker's silo port; 0 takes the first free one from <see cref="ClusterSettings.BasePort"/> up. Default: 0.</summary>
    public int Port { get; init; }

    /// <summary>This worker's gateway port; 0 takes the one paired with the silo port. Default: 0.</summary>
    public int GatewayPort { get; init; }

    /// <summary>
    /// The address other machines reach this worker at. Null for loopback (127.0.0.1), which keeps the worker
    /// private to this machine. A non-loopback address needs <see cref="ListenAny"/>. Default: null.
    /// </summary>
    public string? Advertise { get; init; }

    /// <summary>
    /// Listen on every network interface (needed when <see cref="Advertise"/> is not a loopback address). The
    /// explicit switch is the consent to expose the worker: anyone who reaches its ports and knows the cluster id can
    /// submit evaluation requests. Default: false.
    /// </summary>
    public bool ListenAny { get; init; }

    /// <summary>
    /// Seconds a job lives without being polled: a running job whose coordinator stopped polling is cancelled then,
    /// and a finished result is dropped. A coordinator restarted within the lease picks its jobs up. Default: 120.
    /// </summary>
    public double LeaseSeconds { get; init; } = 120;

    /// <summary>A name for logs; null for HOST-PORT. Default: null.</summary>
    public string? Name { get; init; }

    /// <summary>The devices a worker accepts.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["cpu", "cuda"];

    /// <summary>The work folder: <see cref="WorkDirectory"/> or its default, as a full path.</summary>
    public string WorkFolder() => Path.GetFullPath(WorkDirectory ?? Path.Combine(Path.GetTempPath(), "nao-worker"));

    /// <summary>
    /// Reads <c>--allow-command</c> values, each <c>NAME=COMMAND</c> (split at the first <c>=</c>, so the command may
    /// hold more of them), into <see cref="AllowedCommands"/>'s form; the values themselves are checked by <see cref="Validate"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value without <c>=</c> or a name, or a name given twice.</exception>
    public static IReadOnlyDictionary<string, string> ParseAllowedCommands(IEnumerable<string> values)
    {
        var commands = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--allow-command takes NAME=COMMAND, e.g. --allow-command train='python3 train.py'; got '{value}'.");
            }
            var name = value[..equals].Trim();
            if (!commands.TryAdd(name, value[(equals + 1)..].Trim()))
            {
                throw new ArgumentException($"--allow-command names '{name}' twice; give each command its own name.");
            }
        }
        return commands;
    }

    /// <summary>The advertised address: <see cref="Advertise"/> or loopback.</summary>
    /// <exception cref="ArgumentException">Not an IP address.</exception>
    public IPAddress AdvertisedAddress() =>
        Advertise is null ? IPAddress.Loopback
        : IPAddress.TryParse(Advertise, out var address) ? address
        : throw new ArgumentException($"--advertise needs an IP address this machine is reachable at (e.g. 10.0.0.5); got '{Advertise}'.");

    /// <summary>Checks the values against the cluster's settings; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or the worker would be exposed without consent.</exception>
    public void Validate(ClusterSettings cluster)
    {
        if (Slots is < 1 or > 1024) throw new ArgumentException($"--slots must be from 1 to 1024; got {Slots}.");
        if (!Devices.Contains(Device)) throw new ArgumentException($"--device must be one of {string.Join(", ", Devices)}; got '{Device}'.");
        if (Port != 0) ClusterSettings.CheckPort(Port, "--port");
        if (GatewayPort != 0) ClusterSettings.CheckPort(GatewayPort, "--gateway-port");
        if (!(LeaseSeconds >= 5) || double.IsInfinity(LeaseSeconds)) throw new ArgumentException($"--lease must be a finite number of seconds ≥ 5; got {LeaseSeconds}.");
        foreach (var (name, command) in AllowedCommands)
        {
            try
            {
                new CommandEvaluatorOptions { Name = name, Command = command }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--allow-command {name}=…: {e.Message}", e);
            }
        }
        if (WorkDirectory is { Length: 0 }) throw new ArgumentException("--work-dir is empty; give a folder for the trials' files, or leave it out for one under the temporary folder.");
        var address = AdvertisedAddress();
        if (!IPAddress.IsLoopback(address) && !ListenAny)
        {
            throw new ArgumentException(
                $"--advertise {Advertise} is not a loopback address, so the worker would accept connections from other machines. " +
                "Anyone who can reach its ports and knows the cluster id can then submit evaluation requests: add --listen-any to " +
                "confirm (and protect the ports with a firewall, a private network or --tls-cert).");
        }
        if (cluster.Connection.IsLocalhost && !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("Localhost clustering runs on one machine only, so --advertise must be a loopback address. For several machines use --cluster postgres://…");
        }
    }
}
