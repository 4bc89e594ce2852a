using System.Collections.Concurrent;
using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;

namespace Nao.Search;

/// <summary>Spaces defined by space files, parsed once per distinct text (a search asks for its space many times).</summary>
internal static class SpaceFiles
{
    private static readonly ConcurrentDictionary<string, FileSearchSpace> Parsed = new(StringComparer.Ordinal);

    /// <summary>The space a space file's text defines; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="SpaceFileException">The text is not a valid space file.</exception>
    public static ISearchSpace Parse(string text, string name) => Parsed.GetOrAdd(text, t => SpaceFile.Parse(t, $"the stored space file of '{name}'"));
}
