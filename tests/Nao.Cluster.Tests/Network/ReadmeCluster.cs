using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Nao.Tests.Support;

namespace Nao.Tests.Network;

/// <summary>
/// deploy/postgres/README.md carried out on test machines: each of its commands is run as written, with the README's
/// example addresses, port, password and paths replaced by the test's. A command the README gains that this class
/// does not know fails the test, so the document cannot drift from what is tested.
/// </summary>
internal sealed partial class ReadmeCluster
{
    public const string TlsPassword = "test-tls-password";
    // Parsed once: every cluster and the static helpers read the same document.
    private static readonly Lazy<DeployReadme> Readme = new(DeployReadme.Load);
    private readonly PostgresServer _database;
    private readonly string _databaseHost;
    private readonly string _dataRoot;
    private readonly string? _urlSuffix;

    /// <param name="database">A server started with <see cref="ServerListenAddresses"/> and <see cref="ServerNetworks"/>.</param>
    /// <param name="databaseHost">Where the database machine is reachable (the README's 10.0.0.2).</param>
    /// <param name="urlSuffix">Appended to the README's cluster URL, e.g. the <c>?sslmode=require</c> that it tells users to add.</param>
    public ReadmeCluster(PostgresServer database, string databaseHost, string certificate, string dataRoot, string? urlSuffix)
    {
        _database = database;
        _databaseHost = databaseHost;
        Certificate = certificate;
        _dataRoot = dataRoot;
        _urlSuffix = urlSuffix;
        Directory.CreateDirectory(dataRoot);
        ReadExports();
    }

    public string Certificate { get; }

    /// <summary>The README's listen_addresses, for the test machines.</summary>
    public static string ServerListenAddresses(string databaseHost) =>
        string.Join(',', Substitute(Readme.Value.ListenAddresses, databaseHost, "", 0).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)
            .Split(',').Distinct());

    /// <summary>The networks whose logins the README's pg_hba.conf line admits (plus loopback, for the setup steps).</summary>
    public static IReadOnlyList<string> ServerNetworks(string databaseNetwork) =>
        ["127.0.0.1/32", Readme.Value.HbaNetwork.Replace("10.0.0.0/24", databaseNetwork, StringComparison.Ordinal)];

    /// <summary>The environment the README's <c>export</c> lines give the worker and coordinator shells.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string> { ["NAO_TLS_PASSWORD"] = TlsPassword };

    /// <summary>Step 1 (the database machine): runs each of its commands and returns how many it ran.</summary>
    public int SetUpDatabase()
    {
        var ran = 0;
        foreach (var command in Readme.Value.Commands.TakeWhile(c => !c.StartsWith("export ", StringComparison.Ordinal) && !c.StartsWith("nao ", StringComparison.Ordinal)))
        {
            var line = Substitute(command, _databaseHost, _dataRoot, _database.Port);
            if (line == "sudo apt-get install postgresql")
            {
                // .ci/run installs it exactly so; the server this test runs is that installation's.
                Assert.NotNull(PostgresServer.FindBin());
            }
            else if (SuperuserSql().Match(line) is { Success: true } sql)
            {
                _database.Superuser(sql.Groups[1].Value);
            }
            else if (line.StartsWith("sudo -u postgres createdb ", StringComparison.Ordinal))
            {
                _database.Client("createdb", ["-U", "postgres", .. line["sudo -u postgres createdb ".Length..].Split(' ')]);
            }
            else if (ScriptLine().Match(line) is { Success: true } script)
            {
                var args = script.Groups[2].Value.Split(' ');
                var file = args[^1];
                Assert.True(File.Exists(Path.Combine(DeployReadme.RepositoryRoot, file)), $"the README applies {file}, which is not in the repository");
                _database.AsRole(script.Groups[1].Value, [.. args[..^1], Path.Combine(DeployReadme.RepositoryRoot, file)]);
            }
            else
            {
                throw new InvalidOperationException($"deploy/postgres/README.md step 1 has a command this test does not carry out: '{command}'. Teach ReadmeCluster its equivalent.");
            }
            ran++;
        }
        return ran;
    }

    /// <summary>The README's worker command for a worker machine at <paramref name="address"/>, ready to start.</summary>
    public string[] WorkerArguments(string address) => NaoArguments("nao worker ", address);

    /// <summary>
    /// The README's coordinator command with <paramref name="extra"/> (option-value pairs): an option the README
    /// gives takes the extra value, any other is added.
    /// </summary>
    public string[] CoordinatorArguments(params string[] extra)
    {
        var args = NaoArguments("nao search ", null).ToList();
        for (var i = 0; i + 1 < extra.Length; i += 2)
        {
            var at = args.IndexOf(extra[i]);
            if (at >= 0) args[at + 1] = extra[i + 1];
            else args.AddRange([extra[i], extra[i + 1]]);
        }
        return [.. args];
    }

    private string[] NaoArguments(string prefix, string? workerAddress)
    {
        var command = Readme.Value.Commands.SingleOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"deploy/postgres/README.md no longer has a '{prefix}…' command; update the test with it.");
        var line = Substitute(command, _databaseHost, _dataRoot, _database.Port);
        if (workerAddress is not null) line = line.Replace("10.0.0.11", workerAddress, StringComparison.Ordinal);
        line = line.Replace("[--tls-cert cluster.pfx]", "--tls-cert " + Certificate, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.", line);
        var args = line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (_urlSuffix is not null)
        {
            var url = Array.IndexOf(args, "--cluster") + 1;
            args[url] += _urlSuffix;
        }
        return args;
    }

    private void ReadExports()
    {
        var environment = new Dictionary<string, string>(Environment);
        foreach (var export in Readme.Value.Commands.Where(c => c.StartsWith("export ", StringComparison.Ordinal)))
        {
            var match = ExportLine().Match(export);
            Assert.True(match.Success, $"the README's '{export}' is not NAME='value'");
            environment[match.Groups[1].Value] = match.Groups[2].Value.Replace("choose-one", PostgresServer.Password, StringComparison.Ordinal);
        }
        Environment = environment;
    }


    private static string Substitute(string text, string databaseHost, string dataRoot, int port) =>
        text.Replace("10.0.0.2:5432", $"{databaseHost}:{port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
            .Replace("10.0.0.2", databaseHost, StringComparison.Ordinal)
            .Replace("choose-one", PostgresServer.Password, StringComparison.Ordinal)
            .Replace("/srv/data", dataRoot, StringComparison.Ordinal);

    /// <summary>A cluster certificate made as the README's openssl line makes one (self-signed, in a .pfx).</summary>
    public static string CreateCertificate(string path, string subject = "nao-cluster")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, TlsPassword));
        return path;
    }

    [GeneratedRegex("""^sudo -u postgres psql -c "(.*)"$""")]
    private static partial Regex SuperuserSql();

    [GeneratedRegex(@"^psql -h (\S+) (-U nao -d nao -v ON_ERROR_STOP=1 -f \S+)$")]
    private static partial Regex ScriptLine();

    [GeneratedRegex(@"^export (\w+)='([^']*)'$")]
    private static partial Regex ExportLine();
}
