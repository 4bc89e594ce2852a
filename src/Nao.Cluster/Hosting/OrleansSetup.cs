using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Nao.Cluster.Hosting;

/// <summary>The Orleans settings that worker silos and the coordinator's client share: clustering, ids, TLS, logging.</summary>
internal static class OrleansSetup
{
    /// <summary>The ADO.NET invariant name of Npgsql, which Orleans uses to load the PostgreSQL provider.</summary>
    private const string PostgresInvariant = "Npgsql";

    /// <summary>Configures a worker silo.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, ClusterSettings cluster, IPAddress advertised, bool listenAny, int port, int gatewayPort, X509Certificate2? certificate)
    {
        if (cluster.Connection.IsLocalhost)
        {
            // Development clustering: the membership table lives in the primary silo (the worker on BasePort), on loopback.
            silo.UseLocalhostClustering(port, gatewayPort, new IPEndPoint(IPAddress.Loopback, cluster.BasePort), cluster.ClusterId, cluster.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = cluster.Connection.AdoNetConnectionString;
            });
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ClusterId;
            });
            // Without listenAny the silo listens on the advertised address only (loopback by default).
            silo.ConfigureEndpoints(advertised, port, gatewayPort, listenOnAnyHostAddress: listenAny);
        }
        if (certificate is not null) silo.UseTls(certificate, o => Pin(o, certificate));
    }

    /// <summary>Configures the coordinator's client.</summary>
    public static void ConfigureClient(IClientBuilder client, ClusterSettings cluster, X509Certificate2? certificate)
    {
        if (cluster.Connection.IsLocalhost)
        {
            client.UseLocalhostClustering(cluster.BaseGatewayPort, cluster.ClusterId, cluster.ClusterId);
        }
        else
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = cluster.Connection.AdoNetConnectionString;
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ClusterId;
            });
        }
        if (certificate is not null) client.UseTls(certificate, o => Pin(o, certificate));
    }

    /// <summary>
    /// Orleans' own log: errors only by default (its warnings about server GC and slow start-up on a busy machine are
    /// noise to a search user); <paramref name="verbose"/> shows its information messages too.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddConsoleFormatter<BriefLogFormatter, ConsoleFormatterOptions>();
        logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            // Without --verbose an error is one line (the cause, no stack trace), as Nao's own errors are.
            if (!verbose) o.FormatterName = BriefLogFormatter.FormatterName;
        });
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Error);
        // The host logs a failed start with its whole stack trace; Nao reports the failure itself, in one line.
        if (!verbose) logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    }

    /// <summary>Loads the cluster certificate, if configured.</summary>
    /// <exception cref="ArgumentException">The file is not a PKCS#12 certificate with a private key, or the password is wrong.</exception>
    public static X509Certificate2? LoadCertificate(ClusterSettings cluster)
    {
        if (cluster.TlsCertificatePath is not { } path) return null;
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, cluster.TlsCertificatePassword);
            if (!certificate.HasPrivateKey) throw new ArgumentException($"The TLS certificate '{path}' has no private key; export it as .pfx with its key.");
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"Cannot read the TLS certificate '{path}' ({e.Message}). It must be a .pfx (PKCS#12) file; set NAO_TLS_PASSWORD if it has a password.", e);
        }
    }

    /// <summary>
    /// Mutual TLS with a pinned certificate: both ends present the cluster's certificate and accept a peer only if
    /// it presents the very same one, so holding the .pfx is what admits a machine to the cluster.
    /// </summary>
    private static void Pin(TlsOptions options, X509Certificate2 certificate)
    {
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) =>
            remote is not null && string.Equals(remote.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
