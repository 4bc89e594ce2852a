using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;

namespace Nao.Cli.Commands;

/// <summary>Reads the space files commands are given (<c>--space-file</c>, <c>nao spaces FILE</c>).</summary>
internal static class SpaceFiles
{
    /// <summary>The space a file defines.</summary>
    /// <exception cref="FileNotFoundException">No such file; the message names it.</exception>
    /// <exception cref="SpaceFileException">A malformed file; the message names the line, the key and the fix.</exception>
    /// <exception cref="UsageException">The file takes the name of a built-in space.</exception>
    public static FileSearchSpace Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The space file '{path}' does not exist. Give the path of a YAML or JSON space file (examples: samples/spaces/).", path);
        }
        var space = SpaceFile.Load(path);
        if (SearchSpaceRegistry.All.Any(s => string.Equals(s.Name, space.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"{path}: the space is named '{space.Name}', the name of a built-in space; runs would confuse the two. Give it another 'name:'.");
        }
        return space;
    }
}
