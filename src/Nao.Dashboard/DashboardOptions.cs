using System.Net;
using System.Security.Cryptography;

namespace Nao.Dashboard;

/// <summary>Settings of <c>nao serve</c>.</summary>
public sealed record DashboardOptions
{
    /// <summary>The folder of runs to show (a run folder itself, a folder of runs, or a <c>nao compare</c> folder). Default: runs.</summary>
    public string RunsDirectory { get; init; } = "runs";

    /// <summary>The TCP port; 0 picks a free one (the printed address names it). Default: 8686.</summary>
    public int Port { get; init; } = 8686;

    /// <summary>The address to listen on. Default: 127.0.0.1 (only this machine can connect).</summary>
    public string Listen { get; init; } = "127.0.0.1";

    /// <summary>
    /// The token every request must carry (<c>?token=</c>, a cookie set from it, or <c>Authorization: Bearer</c>).
    /// Default: none on loopback; <see cref="Secured"/> generates one for any other address.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Whether <see cref="Listen"/> is a loopback address (or "localhost").</summary>
    public bool IsLoopback => string.Equals(Listen, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Listen, out var address) && IPAddress.IsLoopback(address));

    /// <summary>These options with a generated token when the address is not loopback and no token was given.</summary>
    public DashboardOptions Secured() => IsLoopback || Token is not null ? this : this with { Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!Directory.Exists(RunsDirectory))
        {
            throw new ArgumentException($"--runs '{RunsDirectory}' does not exist. Point --runs at a folder of runs (nao search writes them to ./runs unless --run says otherwise).");
        }
        if (Port is < 0 or > 65535) throw new ArgumentException($"--port must be between 0 and 65535 (0 picks a free port); got {Port}.");
        if (!IsLoopback && !IPAddress.TryParse(Listen, out _))
        {
            throw new ArgumentException($"--listen must be an IP address (127.0.0.1, 0.0.0.0, ::) or localhost; got '{Listen}'.");
        }
        if (Token is not null && (Token.Length < 8 || Token.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))))
        {
            throw new ArgumentException("--token must be at least 8 characters of letters, digits, '-', '_' or '.' (it travels in URLs); leave it out to have one generated.");
        }
    }
}
