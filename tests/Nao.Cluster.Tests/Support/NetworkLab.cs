using System.Globalization;

namespace Nao.Tests.Support;

/// <summary>
/// Machines made of Linux network namespaces: a bridge in the root namespace holds the lab's gateway address
/// (10.N.0.1/24), and each namespace is a "machine" joined to the bridge by a veth pair, with address 10.N.0.(10+i)
/// and no default route, so its traffic can reach only the lab's own addresses. Needs root (CAP_NET_ADMIN) and
/// iproute2. Everything the lab made is removed on dispose, whatever the test did.
/// </summary>
public sealed class NetworkLab : IDisposable
{
    private static int _labs;
    private readonly string _prefix;
    private readonly List<string> _namespaces = [];
    private bool _bridge;

    public NetworkLab(int machines)
    {
        // Names and the subnet are unique to this lab of this test process, so neither a left-over lab of a killed
        // run nor the previous test's lab (the kernel removes a namespace only once its last process is gone)
        // can collide with it. Interface names must stay within 15 characters.
        var lab = Interlocked.Increment(ref _labs);
        _prefix = "nao" + (Environment.ProcessId % 100000).ToString(CultureInfo.InvariantCulture) + (char)('a' + lab % 26);
        Subnet = 100 + (Environment.ProcessId * 7 + lab * 13) % 150;
        try
        {
            Ip("link", "add", Bridge, "type", "bridge");
            _bridge = true;
            Ip("addr", "add", $"{Gateway}/24", "dev", Bridge);
            Ip("link", "set", Bridge, "up");
            for (var i = 1; i <= machines; i++) AddMachine(i);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The second octet of the lab's 10.N.0.0/24 subnet.</summary>
    public int Subnet { get; }

    public string Network => $"10.{Subnet}.0.0/24";

    /// <summary>The root namespace's address on the bridge (where the database listens).</summary>
    public string Gateway => $"10.{Subnet}.0.1";

    private string Bridge => _prefix + "br";

    public string Namespace(int machine) => $"{_prefix}m{machine}";

    public string Address(int machine) => $"10.{Subnet}.0.{10 + machine}";

    /// <summary>The command prefix that runs a program inside a machine's namespace.</summary>
    public string[] Inside(int machine) => ["ip", "netns", "exec", Namespace(machine)];

    /// <summary>Cuts a machine off the network (its link down), as a pulled cable would.</summary>
    public void Disconnect(int machine) => Ip("-n", Namespace(machine), "link", "set", "eth0", "down");

    public void Reconnect(int machine) => Ip("-n", Namespace(machine), "link", "set", "eth0", "up");

    /// <summary>A machine's routing table, for checking that it has no route out of the lab.</summary>
    public string Routes(int machine) => Ip("-n", Namespace(machine), "route", "show");

    /// <summary>Why this machine cannot build the lab, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (Environment.UserName != "root") return "network namespaces need root (CAP_NET_ADMIN); run the tests as root, as CI does";
        if (PostgresServer.FindOnPath("ip") is null && !File.Exists("/usr/sbin/ip")) return "iproute2's `ip` is not installed (`apt-get install iproute2`)";
        return null;
    }

    private void AddMachine(int i)
    {
        var ns = Namespace(i);
        Ip("netns", "add", ns);
        _namespaces.Add(ns);
        var veth = $"{_prefix}v{i}";
        Ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Ip("link", "set", veth, "master", Bridge, "up");
        Ip("-n", ns, "addr", "add", $"{Address(i)}/24", "dev", "eth0");
        Ip("-n", ns, "link", "set", "eth0", "up");
        Ip("-n", ns, "link", "set", "lo", "up");
    }

    private static string Ip(params string[] args) => PostgresServer.Exec(File.Exists("/usr/sbin/ip") ? "/usr/sbin/ip" : "ip", args);

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            // Deleting a namespace deletes its end of the veth pair, and with it the bridge's end.
            TryIp("netns", "del", ns);
        }
        _namespaces.Clear();
        if (_bridge) TryIp("link", "del", Bridge);
        _bridge = false;
    }

    private static void TryIp(params string[] args)
    {
        try
        {
            Ip(args);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
