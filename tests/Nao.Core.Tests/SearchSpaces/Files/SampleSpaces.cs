using Nao.SearchSpaces.Files;

namespace Nao.Tests.SearchSpaces.Files;

/// <summary>The space files shipped in samples/spaces, found from the test's output folder upwards.</summary>
internal static class SampleSpaces
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "spaces");
            if (File.Exists(Path.Combine(dir.FullName, "Nao.slnx")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"samples/spaces not found above {AppContext.BaseDirectory}.");
    });

    public static string PathOf(string file) => Path.Combine(Folder.Value, file);

    public static FileSearchSpace Load(string file) => SpaceFile.Load(PathOf(file));
}
