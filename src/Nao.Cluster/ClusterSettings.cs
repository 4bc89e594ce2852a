namespace Nao.Cluster;

/// <summary>What workers and coordinator of one cluster must agree on: the membership store, the ids, the ports of
/// the first worker, and the TLS certificate.</summary>
public sealed record ClusterSettings
{
    /// <summary>The membership store. Default: localhost clustering.</summary>
    public ClusterConnection Connection { get; init; } = ClusterConnection.Localhost;

    /// <summary>
    /// The Orleans cluster id (and service id). Only silos and clients with the same id form a cluster, so it also
    /// keeps two searches' clusters that share one database apart. Default: <c>nao</c>.
    /// </summary>
    public string ClusterId { get; init; } = "nao";

    /// <summary>
    /// The silo port of the first worker on a machine; further workers on the same machine take the next free ones.
    /// With localhost clustering the worker on this port is the primary, which holds the membership table. Default: 11111.
    /// </summary>
    public int BasePort { get; init; } = 11111;

    /// <summary>
    /// The gateway (client) port of the first worker on a machine, counted up like <see cref="BasePort"/>. With
    /// localhost clustering the coordinator connects to this port. Default: 30000.
    /// </summary>
    public int BaseGatewayPort { get; init; } = 30000;

    /// <summary>
    /// A PKCS#12 (.pfx) file with the cluster's certificate and private key: with it every connection (silo to silo,
    /// coordinator to gateway) uses mutual TLS, and a peer must present the same certificate. Null for plain TCP.
    /// Default: null.
    /// </summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>The password of <see cref="TlsCertificatePath"/>; null for none. Default: null.</summary>
    public string? TlsCertificatePassword { get; init; }

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || ClusterId.Length > 150)
        {
            throw new ArgumentException($"The cluster id must be 1 to 150 characters; got '{ClusterId}'. Pass --cluster-id NAME.");
        }
        CheckPort(BasePort, "--base-port");
        CheckPort(BaseGatewayPort, "--base-gateway-port");
        if (TlsCertificatePath is not null && !File.Exists(TlsCertificatePath))
        {
            throw new FileNotFoundException($"The TLS certificate '{TlsCertificatePath}' does not exist. Pass a .pfx file to --tls-cert.", TlsCertificatePath);
        }
    }

    internal static void CheckPort(int port, string option)
    {
        if (port is < 1 or > 65535) throw new ArgumentException($"{option} must be a TCP port from 1 to 65535; got {port}.");
    }
}
