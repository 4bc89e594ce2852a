using System.Net;

namespace Nao.Cluster;

/// <summary>How one worker runs: its slots, device, data roots, ports and network exposure.</summary>
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
