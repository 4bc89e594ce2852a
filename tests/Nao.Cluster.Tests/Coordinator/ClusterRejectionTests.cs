using System.Globalization;
using Nao.Tests.Support;

namespace Nao.Tests.Coordinator;

/// <summary>A search whose evaluations every worker rejects stops before its first trial, with the worker's reason.</summary>
[Trait("Category", "Slow")]
[Collection(ClusterProcesses.Name)]
public sealed class ClusterRejectionTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly (int BasePort, int BaseGatewayPort) _ports = FreePorts.Take(4);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_benchmark_path_outside_the_workers_data_roots_fails_the_search_with_the_reason()
    {
        var data = _temp.Combine("data");
        Directory.CreateDirectory(data);
        string[] cluster = ["--cluster", "localhost", "--base-port", _ports.BasePort.ToString(CultureInfo.InvariantCulture),
            "--base-gateway-port", _ports.BaseGatewayPort.ToString(CultureInfo.InvariantCulture)];
        using var worker = NaoProcess.Start("worker", ["worker", .. cluster, "--data-root", data]);
        await worker.WaitForLineAsync(new(@"\bready\b"), TimeSpan.FromMinutes(2));

        var run = _temp.Combine("run");
        using var search = NaoProcess.Start("search", ["search", .. cluster, "--space", "nb201", "--strategy", "random", "--evaluator", "sleep",
            "--benchmark", "/etc/passwd", "--budget", "3", "--run", run]);
        Assert.Equal(2, await search.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("error: Every worker rejects this search's evaluations: The request's benchmark file '/etc/passwd' lies outside this worker's data roots", search.Error);
        Assert.False(Directory.Exists(run), "no run folder is created for a search that cannot run");
        Assert.False(worker.HasExited, "a rejected request must not stop the worker");
    }
}
