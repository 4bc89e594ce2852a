using System.Net;
using Nao.Cluster.Hosting;

namespace Nao.Tests.Support;

/// <summary>Base ports for a test cluster, away from the defaults (a developer's own cluster may use those) and free now.</summary>
public static class FreePorts
{
    private static int _next = 40000 + (Environment.ProcessId % 50) * 200;

    /// <summary>A silo base port and a gateway base port with <paramref name="count"/> free ports above each.</summary>
    public static (int BasePort, int BaseGatewayPort) Take(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var silo = Interlocked.Add(ref _next, count) - count;
            if (silo + count >= 50000) Interlocked.Exchange(ref _next, 40000);
            var gateway = silo + 10000;
            if (Enumerable.Range(0, count).All(i => PortPicker.IsFree(IPAddress.Loopback, silo + i) && PortPicker.IsFree(IPAddress.Loopback, gateway + i)))
            {
                return (silo, gateway);
            }
        }
        throw new InvalidOperationException("No free test ports.");
    }
}
