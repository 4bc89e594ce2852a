using System.Globalization;
using Npgsql;

namespace Nao.Cluster;

/// <summary>
/// Where the cluster's membership lives, parsed from <c>--cluster</c>: <c>localhost</c> (Orleans' development
/// clustering on loopback, for one machine and for tests) or PostgreSQL (Orleans ADO.NET clustering, for several
/// machines), given as a <c>postgres://user@host:port/database</c> URL or an Npgsql connection string.
/// </summary>
public sealed record ClusterConnection
{
    /// <summary>The text of <c>--cluster</c> for localhost clustering.</summary>
    public const string LocalhostName = "localhost";

    private ClusterConnection(bool isLocalhost, string? adoNetConnectionString)
    {
        IsLocalhost = isLocalhost;
        AdoNetConnectionString = adoNetConnectionString;
    }

    /// <summary>True for Orleans' localhost (development) clustering.</summary>
    public bool IsLocalhost { get; }

    /// <summary>The Npgsql connection string of the membership database; null for localhost clustering.</summary>
    public string? AdoNetConnectionString { get; }

    /// <summary>Localhost clustering.</summary>
    public static ClusterConnection Localhost { get; } = new(true, null);

    /// <summary>A description without the password, for logs.</summary>
    public string Describe()
    {
        if (IsLocalhost) return "localhost clustering";
        var builder = new NpgsqlConnectionStringBuilder(AdoNetConnectionString);
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>Parses <c>localhost</c>, a <c>postgres://</c> (or <c>postgresql://</c>) URL, or an Npgsql connection string.</summary>
    /// <exception cref="ArgumentException">The text is none of these; the message shows the accepted forms.</exception>
    public static ClusterConnection Parse(string text)
    {
        var trimmed = text?.Trim() ?? "";
        if (string.Equals(trimmed, LocalhostName, StringComparison.OrdinalIgnoreCase)) return Localhost;
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new ClusterConnection(false, FromUrl(trimmed));
        }
        if (trimmed.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(trimmed);
                if (string.IsNullOrEmpty(builder.Host)) throw new ArgumentException("it names no Host");
                return new ClusterConnection(false, builder.ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The cluster connection string is not a valid Npgsql connection string ({e.Message}). {Forms}");
            }
        }
        throw new ArgumentException($"Unknown cluster connection '{text}'. {Forms}");
    }

    private const string Forms =
        "Use 'localhost' (one machine), 'postgres://USER@HOST:5432/DATABASE' or an Npgsql connection string such as " +
        "'Host=HOST;Database=nao;Username=nao' (put the password in PGPASSWORD or ~/.pgpass rather than on the command line).";

    private static string FromUrl(string url)
    {
        Uri uri;
        try
        {
            uri = new Uri(url);
        }
        catch (UriFormatException e)
        {
            throw new ArgumentException($"The cluster URL '{url}' is not valid ({e.Message}). {Forms}");
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (string.IsNullOrEmpty(uri.Host) || string.IsNullOrEmpty(database))
        {
            throw new ArgumentException($"The cluster URL '{url}' needs a host and a database. {Forms}");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = database };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"The cluster URL's parameter '{key}' is not an Npgsql connection setting. {Forms}");
            }
        }
        return builder.ConnectionString;
    }
}
