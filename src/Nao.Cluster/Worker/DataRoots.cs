namespace Nao.Cluster.Worker;

/// <summary>
/// The folders a worker lets requests read from (and write checkpoints into). A request's path is resolved on the
/// worker: an absolute path must lie inside a root; a relative one is looked up in each root in turn. Anything that
/// leaves the roots (including through <c>..</c>) is rejected, so a request cannot make a worker read or write
/// files elsewhere. A symbolic link inside a root is followed: placing one there is the worker owner's choice.
/// </summary>
public sealed class DataRoots
{
    private readonly string[] _roots;

    /// <summary>Creates the set; every root must be an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">A root does not exist; the message names it.</exception>
    public DataRoots(IEnumerable<string> roots)
    {
        _roots = [.. roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Distinct(StringComparer.Ordinal)];
        foreach (var root in _roots)
        {
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The data root '{root}' does not exist. Pass an existing folder to --data-root.");
        }
    }

    /// <summary>The roots as full paths.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>Resolves a path from a request to a full path inside a root.</summary>
    /// <param name="path">The path as the request names it.</param>
    /// <param name="setting">What the path is for, for the message (e.g. <c>benchmark file</c>).</param>
    /// <exception cref="RequestRejectedException">The path lies outside every root, or the worker has none.</exception>
    public string Resolve(string path, string setting)
    {
        if (_roots.Length == 0)
        {
            throw new RequestRejectedException(
                $"The request's {setting} '{path}' is a file path, but this worker has no data roots, so requests may not name files. " +
                "Start the worker with --data-root DIR (the folder that holds the data), or use settings that need no file.");
        }
        if (Path.IsPathRooted(path))
        {
            var full = Path.GetFullPath(path);
            if (_roots.Any(r => Inside(full, r))) return full;
            throw Outside(path, setting);
        }
        var candidates = _roots.Select(r => (Root: r, Full: Path.GetFullPath(Path.Combine(r, path)))).ToList();
        if (candidates.Any(c => !Inside(c.Full, c.Root))) throw Outside(path, setting);
        return candidates.FirstOrDefault(c => File.Exists(c.Full) || Directory.Exists(c.Full)).Full ?? candidates[0].Full;
    }

    private RequestRejectedException Outside(string path, string setting) => new(
        $"The request's {setting} '{path}' lies outside this worker's data roots ({string.Join(", ", _roots)}). " +
        "Name a file inside a data root (a relative path is looked up in each root), or start the worker with another --data-root.");

    private static bool Inside(string full, string root) =>
        string.Equals(full, root, StringComparison.Ordinal) ||
        full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
