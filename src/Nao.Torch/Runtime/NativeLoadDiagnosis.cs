using System.Runtime.InteropServices;

namespace Nao.Torch;

/// <summary>
/// Says why TorchSharp's native library did not load. TorchSharp's own message blames a missing
/// libtorch-cpu-linux-x64 reference whatever the cause; the usual real one on older Linux systems is a copy of
/// libLibTorchSharp.so that still needs GLIBCXX_3.4.32 (see build/TorchSharpNativeFix.cs).
/// </summary>
internal static class NativeLoadDiagnosis
{
    /// <summary>The file name of TorchSharp's native library on Linux.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>The libstdc++ symbol version that the build marks weak.</summary>
    public const string GlibcxxVersion = "GLIBCXX_3.4.32";

    /// <summary>TorchSharp's native library in the application folder, where a linux-x64 build puts it, or null.</summary>
    public static string? FindLibrary(string baseDirectory)
    {
        string[] candidates =
        [
            Path.Combine(baseDirectory, LibraryFileName),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", LibraryFileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Loads <paramref name="library"/> by full path (it finds libtorch beside itself through its RUNPATH) and
    /// returns null, or returns the dynamic loader's error.
    /// </summary>
    public static string? LoaderError(string library)
    {
        try
        {
            NativeLibrary.Load(library);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // .NET puts the loader's own words (dlerror) on the last line, after a paragraph of general advice.
            string[] lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 0 ? lines[^1] : e.Message;
        }
    }

    /// <summary>Examines the system and explains why <paramref name="library"/> did not load.</summary>
    /// <param name="baseDirectory">The application folder.</param>
    /// <param name="library">The library found there, or null.</param>
    /// <param name="problem">What the loader or TorchSharp reported.</param>
    public static string Explain(string baseDirectory, string? library, string problem) =>
        OperatingSystem.IsLinux()
            ? Explain(baseDirectory, library, SystemLibStdCxx.Find(), problem)
            : "TorchSharp's native library did not load: Nao.Torch references libtorch for linux-x64 only, and this is "
                + $"{RuntimeInformation.RuntimeIdentifier}. TorchSharp said: {problem}";

    /// <summary>The explanation, given the system's libstdc++ (null when none was found).</summary>
    internal static string Explain(string baseDirectory, string? library, string? systemLibStdCxx, string problem)
    {
        if (library is null)
        {
            return $"TorchSharp's native library {LibraryFileName} is not in {baseDirectory}. Nao.Torch references the "
                + "TorchSharp and libtorch-cpu-linux-x64 packages; build the application for linux-x64 (the repository's "
                + $"Directory.Build.props does) and run it from its build output. TorchSharp said: {problem}";
        }

        if (systemLibStdCxx is not null && NeedsMissingVersion(library, systemLibStdCxx))
        {
            return $"{library} needs symbol version {GlibcxxVersion} from libstdc++.so.6, and this system's "
                + $"{systemLibStdCxx} lacks it (it predates GCC 13), so the loader refuses the library. The Nao build "
                + "marks that need weak in every build and publish output (build/TorchSharpNativeFix.targets), but this "
                + "copy was not patched. Rebuild with `dotnet build` (or `dotnet publish`) so the Nao build applies its "
                + "GLIBCXX fix, and run from that output, not from files copied out of the NuGet cache. Ignore any advice "
                + "from TorchSharp about a missing libtorch-cpu-linux-x64 reference: the package is there. "
                + $"The loader said: {problem}";
        }

        return $"TorchSharp's native library {library} did not load: {problem}";
    }

    /// <summary>
    /// Whether <paramref name="library"/> needs <see cref="GlibcxxVersion"/> non-weakly while the system's
    /// libstdc++ lacks it.
    /// </summary>
    internal static bool NeedsMissingVersion(string library, string systemLibStdCxx)
    {
        try
        {
            VersionNeed? need = ElfVersionNeeds.Find(File.ReadAllBytes(library), GlibcxxVersion);
            return need is { IsWeak: false } && !SystemLibStdCxx.Defines(systemLibStdCxx, GlibcxxVersion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // InvalidDataException is an IOException too: not an ELF file we can read, so no verdict.
        }
    }
}
