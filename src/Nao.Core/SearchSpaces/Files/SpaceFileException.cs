namespace Nao.SearchSpaces.Files;

/// <summary>
/// A malformed search-space file. The message names the file, the line (and column), the key, the problem and the
/// fix, in the compiler-like form <c>FILE:LINE:COLUMN: 'KEY': PROBLEM FIX</c>, so it can be shown to a user as is.
/// </summary>
public sealed class SpaceFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based, 0 when unknown.</summary>
    public SpaceFileException(string source, int line, int column, string? key, string problem)
        : base(Format(source, line, column, key, problem))
    {
        Source = source;
        Line = line;
        Column = column;
        Key = key;
    }

    /// <summary>The file (or the name given to <see cref="SpaceFile.Parse"/>).</summary>
    public new string Source { get; }

    /// <summary>The 1-based line of the problem; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the problem; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The key at fault, when there is one.</summary>
    public string? Key { get; }

    private static string Format(string source, int line, int column, string? key, string problem)
    {
        var where = line <= 0 ? source : column <= 0 ? $"{source}:{line}" : $"{source}:{line}:{column}";
        var what = key is null ? "" : $"'{key}': ";
        return $"{where}: {what}{problem}";
    }
}
