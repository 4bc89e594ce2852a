using System.Net;
using System.Net.Sockets;

namespace Nao.Cluster.Hosting;

/// <summary>Finds free TCP ports for a worker, so several workers on one machine need no port options.</summary>
public static class PortPicker
{
    /// <summary>How many port pairs above the base are tried.</summary>
    public const int Range = 100;

    /// <summary>Whether a TCP port can be bound on an address now.</summary>
    public static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first pair (base + k, gateway base + k) whose ports are both free, with k from <paramref name="skip"/> up;
    /// an explicit port (non-zero) is taken as it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">No free pair within <see cref="Range"/>.</exception>
    public static (int Port, int GatewayPort) Pick(IPAddress address, int basePort, int baseGatewayPort, int port = 0, int gatewayPort = 0, int skip = 0)
    {
        for (var k = skip; k < Range; k++)
        {
            var p = port != 0 ? port : basePort + k;
            var g = gatewayPort != 0 ? gatewayPort : baseGatewayPort + k;
            if ((port != 0 || IsFree(address, p)) && (gatewayPort != 0 || IsFree(address, g))) return (p, g);
            if (port != 0 && gatewayPort != 0) break;
        }
        throw new InvalidOperationException(
            $"No free pair of ports among {basePort}-{basePort + Range - 1} and {baseGatewayPort}-{baseGatewayPort + Range - 1}. Pass --port and --gateway-port.");
    }
}
