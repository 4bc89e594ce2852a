using System.Security.Cryptography;
using System.Text;
using Nao.Storage;

namespace Nao.Dashboard.Pages;

/// <summary>
/// A cheap fingerprint of what a run's pages show: the sizes and times of its database and write-ahead log (every
/// committed trial changes one of them) and whether a process holds it. A refresh whose fingerprint has not changed is
/// answered 304 without reading the store, so an open page costs next to nothing between trials.
/// </summary>
public static class RunVersion
{
    /// <summary>An HTTP entity tag for the runs and the extra values (the page's query) given.</summary>
    public static string Of(IEnumerable<string> runPaths, params string?[] extra)
    {
        var text = new StringBuilder();
        foreach (var path in runPaths)
        {
            text.Append(path).Append('|').Append(Stamp(Path.Combine(path, RunStore.DatabaseFile))).Append('|')
                .Append(Stamp(Path.Combine(path, RunStore.DatabaseFile + "-wal"))).Append('|').Append(RunLock.IsHeld(path)).Append('\n');
        }
        text.AppendJoin('|', extra.Select(e => e ?? ""));
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24]}\"";
    }

    private static string Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? $"{info.Length}.{info.LastWriteTimeUtc.Ticks}" : "-";
    }
}
