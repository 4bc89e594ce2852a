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

    /// <summary>A file with an official name whose length is whole records, but not as many as the official file holds.</summary>
    public static InvalidDataException WrongRecordCount(string path, int found, int official, string archive, string partialName) =>
        new($"{path} holds {found:N0} records, but the official file of that name holds {official:N0}: it was cut short or changed " +
            $"(its length is a whole number of records, so nothing else shows it). Download {archive} again and extract it again. " +
            $"A deliberately smaller copy must not carry the official name: rename it {partialName}.");

    /// <summary>A file whose content is not what its format says.</summary>
    public static InvalidDataException Corrupt(string path, string detail) =>
        new($"{path} is corrupt: {detail}. Download the file again.");
}
