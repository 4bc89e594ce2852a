using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nao.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for one test class: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a
/// free port, as an unprivileged user (PostgreSQL refuses to run as root; under root the server runs as the
/// <c>postgres</c> system user that Debian's package creates). The superuser is reached over the server's own Unix
/// socket, as <c>sudo -u postgres psql</c> is in the deployment README; the <c>nao</c> role logs in over TCP with a
/// password. Stopped and deleted on dispose, even when the test failed.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Password = "nao-test-password";
    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;
    private bool _started;

    private PostgresServer(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string DataFolder => Path.Combine(_root, "data");

    public string SocketFolder => Path.Combine(_root, "socket");

    /// <summary>The server's log, for a failing test's output.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    private string LogFile => Path.Combine(DataFolder, "server.log");

    /// <summary>The folder with initdb, pg_ctl and postgres; null when PostgreSQL is not installed.</summary>
    public static string? FindBin()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NAO_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment)) return File.Exists(Path.Combine(fromEnvironment, "initdb")) ? fromEnvironment : null;
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }
        return null;
    }

    /// <summary>Why this machine cannot run the server, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (FindBin() is null) return "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH; `apt-get install postgresql`, as .ci/run does)";
        if (IsRoot && !UserExists("postgres")) return "running as root, and there is no 'postgres' user to run the server as (PostgreSQL refuses root)";
        if (!File.Exists("/usr/bin/psql") && FindOnPath("psql") is null) return "psql is not installed (`apt-get install postgresql-client`)";
        return null;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Creates and starts a server listening on <paramref name="listenAddresses"/> (comma-separated, as
    /// postgresql.conf's listen_addresses), with password logins from <paramref name="clientNetworks"/>. With
    /// <paramref name="requireTls"/> the server has a self-signed certificate and takes TCP logins only over TLS
    /// (<c>hostssl</c> lines), so a client with <c>sslmode=disable</c> is refused.
    /// </summary>
    public static PostgresServer Start(string root, string listenAddresses = "127.0.0.1", IReadOnlyList<string>? clientNetworks = null, bool requireTls = false)
    {
        var bin = FindBin() ?? throw new InvalidOperationException(Unavailable());
        Directory.CreateDirectory(root);
        var runAs = IsRoot ? "postgres" : null;
        var server = new PostgresServer(bin, root, runAs, FreeTcpPort());
        try
        {
            server.Initialise(listenAddresses, clientNetworks ?? ["127.0.0.1/32"], requireTls);
            server.Run("pg_ctl", "-D", server.DataFolder, "-l", server.LogFile, "-w", "-t", "60", "start");
            server._started = true;
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void Initialise(string listenAddresses, IReadOnlyList<string> clientNetworks, bool requireTls)
    {
        Directory.CreateDirectory(DataFolder);
        Directory.CreateDirectory(SocketFolder);
        if (_runAs is not null)
        {
            // The temporary folders above this one belong to root; the server user must be able to walk into them.
            for (var dir = _root; dir is not null && dir != "/" && dir != Path.GetTempPath().TrimEnd('/'); dir = Path.GetDirectoryName(dir))
            {
                Exec("chmod", "o+rx", dir);
            }
            Exec("chown", "-R", _runAs, DataFolder, SocketFolder);
        }
        Run("initdb", "-D", DataFolder, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions");

        var conf = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"listen_addresses = '{listenAddresses}'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketFolder}'")
            .AppendLine("fsync = off")
            .AppendLine("max_connections = 100");
        var hostLine = requireTls ? "hostssl" : "host";
        var hba = new StringBuilder().AppendLine("local all all trust");
        foreach (var network in clientNetworks) hba.AppendLine(CultureInfo.InvariantCulture, $"{hostLine} all all {network} scram-sha-256");
        if (requireTls)
        {
            WriteCertificate();
            conf.AppendLine("ssl = on").AppendLine("ssl_cert_file = 'server.crt'").AppendLine("ssl_key_file = 'server.key'");
        }
        AppendAsServerUser(Path.Combine(DataFolder, "postgresql.conf"), conf.ToString());
        WriteAsServerUser(Path.Combine(DataFolder, "pg_hba.conf"), hba.ToString());
    }

    /// <summary>A self-signed server certificate: enough for <c>sslmode=require</c>, which encrypts without verifying.</summary>
    private void WriteCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=nao-test-postgres", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        WriteAsServerUser(Path.Combine(DataFolder, "server.crt"), certificate.ExportCertificatePem());
        var keyFile = Path.Combine(DataFolder, "server.key");
        WriteAsServerUser(keyFile, key.ExportPkcs8PrivateKeyPem());
        Exec("chmod", "600", keyFile);
    }

    private void AppendAsServerUser(string file, string text) => WriteAsServerUser(file, File.ReadAllText(file) + "\n" + text);

    private void WriteAsServerUser(string file, string text)
    {
        File.WriteAllText(file, text);
        if (_runAs is not null) Exec("chown", _runAs, file);
    }

    /// <summary>Runs SQL as the superuser over the Unix socket (the README's <c>sudo -u postgres psql -c …</c>).</summary>
    public string Superuser(string sql, string database = "postgres") =>
        Run("psql", "-h", SocketFolder, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql);

    /// <summary>Runs a server program (createdb, psql, …) as the server user, with the socket and port filled in.</summary>
    public string Client(string program, params string[] args) =>
        Run(program, ["-h", SocketFolder, "-p", Port.ToString(CultureInfo.InvariantCulture), .. args]);

    /// <summary>psql over TCP with the nao role's password in PGPASSWORD (the README's step that applies the scripts).</summary>
    public string AsRole(string host, params string[] args) =>
        Exec(new Dictionary<string, string> { ["PGPASSWORD"] = Password }, FindOnPath("psql") ?? "/usr/bin/psql",
            ["-h", host, "-p", Port.ToString(CultureInfo.InvariantCulture), .. args]);

    private string Run(string program, params string[] args)
    {
        var path = Path.Combine(_bin, program);
        if (!File.Exists(path)) path = FindOnPath(program) ?? program;
        return _runAs is null ? Exec(path, args) : Exec("runuser", ["-u", _runAs, "--", path, .. args]);
    }

    public static string Exec(string program, params string[] args) => Exec(new Dictionary<string, string>(), program, args);

    public static string Exec(IReadOnlyDictionary<string, string> environment, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran past 2 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }
        return output.Result;
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static bool UserExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_started)
        {
            try
            {
                Run("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }
            _started = false;
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
