namespace Nao.Storage;

/// <summary>
/// Collects what reading a run's trials could not read, grouped by kind of damage, so a message names every trial
/// lost without one line per row.
/// </summary>
internal sealed class TrialDamage(string databasePath)
{
    private readonly SortedDictionary<string, List<long>> _rowsByProblem = new(StringComparer.Ordinal);
    private string? _unreadable;

    /// <summary>A row that was read but cannot be used.</summary>
    public void Add(long index, string problem)
    {
        if (!_rowsByProblem.TryGetValue(problem, out var rows)) _rowsByProblem[problem] = rows = [];
        rows.Add(index);
    }

    /// <summary>The table could not be read past a point (damaged pages).</summary>
    public void Unreadable(long? lastRead, string message) =>
        _unreadable = $"the trials after {(lastRead is { } i ? $"trial {i}" : "the start")} could not be read ({message})";

    /// <summary>One line per kind of damage, naming the file and the trials; empty when nothing was lost.</summary>
    public IReadOnlyList<string> Lines =>
    [
        .. _rowsByProblem.Select(p => $"'{databasePath}', {Trials(p.Value)}: {p.Key}."),
        .. _unreadable is null ? [] : new[] { $"'{databasePath}' is damaged: {_unreadable}." },
    ];

    /// <summary>Throws when anything was lost: a run with damaged trials cannot be continued.</summary>
    public void ThrowIfAny(string remedy)
    {
        var lines = Lines;
        if (lines.Count > 0) throw new InvalidDataException(string.Join(" ", lines) + " " + remedy);
    }

    private static string Trials(List<long> rows) =>
        (rows.Count == 1 ? "trial " : $"{rows.Count} trials (") + string.Join(", ", rows.Take(10)) + (rows.Count > 10 ? ", …" : "") + (rows.Count == 1 ? "" : ")");
}
