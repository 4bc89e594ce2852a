using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nao.Storage;
using Nao.Tests.Support;

namespace Nao.Tests.Coordinator;

/// <summary>With --tls-cert, only a coordinator that holds the cluster's certificate gets in.</summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed class ClusterTlsTests : IDisposable
{
    private const string Password = "test-password";
    private readonly TempFolder _temp = new();
    private readonly (int BasePort, int BaseGatewayPort) _ports = FreePorts.Take(4);
    private readonly Dictionary<string, string> _environment = new() { ["NAO_TLS_PASSWORD"] = Password };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_coordinator_without_the_clusters_certificate_is_refused_and_one_with_it_runs_the_search()
    {
        var cluster = CreateCertificate("cluster.pfx", "nao-cluster");
        var intruder = CreateCertificate("intruder.pfx", "nao-cluster");
        using var worker = NaoProcess.Start("worker", _environment, ["worker", .. Cluster(), "--tls-cert", cluster]);
        await worker.WaitForLineAsync(new(@"\bready\b"), TimeSpan.FromMinutes(2));

        foreach (var certificate in new[] { intruder, null })
        {
            string[] tls = certificate is null ? [] : ["--tls-cert", certificate];
            using var refused = NaoProcess.Start("refused", _environment, [.. Search(_temp.Combine("refused")), .. tls, "--wait-workers", "4"]);
            Assert.Equal(2, await refused.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains("Cannot connect to the cluster", refused.Error);
            Assert.Contains("--tls-cert", refused.Error);
        }
        Assert.Equal(0, Count(worker.Output, "started"));

        var run = _temp.Combine("run");
        using var admitted = NaoProcess.Start("admitted", _environment, [.. Search(run), "--tls-cert", cluster]);
        Assert.Equal(0, await admitted.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        using var store = RunStore.Open(run);
        Assert.Equal(4, store.LoadTrials().Count(t => t.IsFinished));
        Assert.Equal(4, Count(worker.Output, "finished"));
    }

    private string CreateCertificate(string file, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = _temp.Combine(file);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private string[] Cluster() =>
    [
        "--cluster", "localhost", "--base-port", _ports.BasePort.ToString(CultureInfo.InvariantCulture),
        "--base-gateway-port", _ports.BaseGatewayPort.ToString(CultureInfo.InvariantCulture),
    ];

    private string[] Search(string run) =>
        ["search", .. Cluster(), "--space", "nb201", "--strategy", "random", "--evaluator", "sleep", "--sleep", "0.1", "--budget", "4", "--run", run];

    private static int Count(string text, string word) => System.Text.RegularExpressions.Regex.Matches(text, $@"\bjob [0-9a-f]+ {word}\b").Count;
}
