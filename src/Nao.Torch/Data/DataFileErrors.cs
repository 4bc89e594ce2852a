namespace Nao.Data;

/// <summary>
/// Messages for unreadable data files. They are <see cref="InvalidDataException"/> and
/// <see cref="FileNotFoundException"/> so that callers (the CLI) report them as user errors; every message names
/// the file, what is wrong, and what to do.
/// </summary>
internal static class DataFileErrors
{
    /// <summary>A file that should be there is not.</summary>
    public static FileNotFoundException Missing(string path, string what, string fix) =>
        new($"{path}: not found; expected {what}. {fix}", path);

    /// <summary>A file whose length cannot be right.</summary>
    public static InvalidDataException Truncated(string path, string detail) =>
        new($"{path} is truncated or corrupt: {detail}. Download the file again.");

    /// <summary>A file whose content is not what its format says.</summary>
    public static InvalidDataException Corrupt(string path, string detail) =>
        new($"{path} is corrupt: {detail}. Download the file again.");
}
