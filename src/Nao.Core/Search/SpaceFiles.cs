using Nao.SearchSpaces;

namespace Nao.Search;

/// <summary>Spaces defined by space files, parsed once per distinct text (a search asks for its space many times).</summary>
internal static class SpaceFiles
{
    /// <summary>The space a space file's text defines.</summary>
    /// <exception cref="ArgumentException">The text is not a valid space file.</exception>
    public static ISearchSpace Parse(string text, string name) =>
        throw new NotSupportedException($"Space files are not supported yet (space '{name}').");
}
