using Nao.Storage;

namespace Nao.Dashboard.Security;

/// <summary>
/// The folder of runs the dashboard shows, and the only place it reads from. Every path a request names is relative to
/// it; rooted paths and <c>..</c> segments are refused outright, and what is left is resolved through every symbolic
/// link before it is checked to lie inside the folder, so a link cannot lead a reader out.
/// </summary>
public sealed class RunsFolder
{
    // nao compare keeps its runs two levels down (OUT/runs/STRATEGY-sSEED); a folder of compare folders adds one. Deeper trees are not searched.
    private const int MaxDepth = 4;

    /// <summary>Opens the folder (its real path, links resolved).</summary>
    public RunsFolder(string root)
    {
        Root = RealPath(root);
    }

    /// <summary>The folder's real path.</summary>
    public string Root { get; }

    /// <summary>Every run under the folder, as ids (paths relative to the folder with '/'; "." when the folder is a run).</summary>
    public IReadOnlyList<string> RunIds()
    {
        var ids = new List<string>();
        Collect(Root, 0, ids);
        return ids;
    }

    private void Collect(string directory, int depth, List<string> ids)
    {
        if (RunStore.IsRun(directory))
        {
            // A run's own folders (trials, checkpoints) hold no runs.
            ids.Add(Id(directory));
            return;
        }
        if (depth >= MaxDepth) return;
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var child in children)
        {
            if (Inside(child) is { } real) Collect(real, depth + 1, ids);
        }
    }

    private string Id(string directory) =>
        directory == Root ? "." : Path.GetRelativePath(Root, directory).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The real path of the run an id names, or null when the id is unsafe, leads outside or is not a run.</summary>
    public string? Run(string? id)
    {
        if (Resolve(Root, id) is not { } path) return null;
        return RunStore.IsRun(path) ? path : null;
    }

    /// <summary>
    /// The real path of a file a run-relative path names (a trial's log), or null when the path is unsafe, leads outside
    /// the runs folder (also through a link) or is not a file.
    /// </summary>
    public string? File(string runPath, string? relative)
    {
        if (Resolve(runPath, relative) is not { } path) return null;
        return System.IO.File.Exists(path) ? path : null;
    }

    /// <summary>The real path of <paramref name="relative"/> under <paramref name="baseDirectory"/> when it stays inside the folder.</summary>
    internal string? Resolve(string baseDirectory, string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || relative.Contains('\0') || relative.Contains('\\')) return null;
        if (Path.IsPathRooted(relative) || relative.StartsWith('~')) return null;
        if (relative.Split('/').Any(segment => segment == "..")) return null;
        return Inside(Path.Combine(baseDirectory, relative));
    }

    /// <summary>The real path when it lies inside the folder; null otherwise (or when it cannot be resolved).</summary>
    private string? Inside(string path)
    {
        string real;
        try
        {
            real = RealPath(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
        return real == Root || real.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? real : null;
    }

    /// <summary>The path with every symbolic link along it resolved (as realpath(3) does, also for paths that do not exist).</summary>
    internal static string RealPath(string path, int depth = 0)
    {
        if (depth > 32) throw new IOException($"'{path}': too many levels of symbolic links.");
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null) next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            current = next;
        }
        return current;
    }
}
