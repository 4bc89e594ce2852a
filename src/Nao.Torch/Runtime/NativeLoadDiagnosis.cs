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

    /// <summary>Examines the application folder and the system, and explains the failure.</summary>
    public static string Explain(string baseDirectory, Exception cause)
    {
        if (!OperatingSystem.IsLinux())
        {
            return $"TorchSharp's native library did not load: Nao.Torch references libtorch for linux-x64 only, "
                + $"and this is {RuntimeInformation.RuntimeIdentifier}. TorchSharp said: {cause.Message}";
        }

        string? library = FindLibrary(baseDirectory);
        return Explain(baseDirectory, library, SystemLibStdCxx.Find(), library is null ? null : LoaderMessage(library), cause.Message);
    }

    /// <summary>The explanation, from what <see cref="Explain(string, Exception)"/> gathered.</summary>
    internal static string Explain(
        string baseDirectory, string? library, string? systemLibStdCxx, string? loaderMessage, string causeMessage)
    {
        if (library is null)
        {
            return $"TorchSharp's native library {LibraryFileName} is not in {baseDirectory}. Nao.Torch references the "
                + "TorchSharp and libtorch-cpu-linux-x64 packages; build the application for linux-x64 (the repository's "
                + $"Directory.Build.props does) and run it from its build output. TorchSharp said: {causeMessage}";
        }

        string loader = loaderMessage is null ? "" : $" The loader said: {loaderMessage}";
        if (systemLibStdCxx is not null && NeedsMissingVersion(library, systemLibStdCxx))
        {
            return $"{library} needs symbol version {GlibcxxVersion} from libstdc++.so.6, and this system's "
                + $"{systemLibStdCxx} lacks it (it predates GCC 13), so the loader refuses the library. The Nao build "
                + "marks that need weak in every build and publish output (build/TorchSharpNativeFix.targets), but this "
                + "copy was not patched. Rebuild with `dotnet build` (or `dotnet publish`) so the Nao build applies its "
                + "GLIBCXX fix, and run from that output, not from files copied out of the NuGet cache. Ignore TorchSharp's "
                + "advice about a missing libtorch-cpu-linux-x64 reference: the package is there." + loader;
        }

        return $"TorchSharp's native library {library} did not load.{loader} TorchSharp said: {causeMessage}";
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
            return false;
        }
    }

    private static string? FindLibrary(string baseDirectory)
    {
        string[] candidates =
        [
            Path.Combine(baseDirectory, LibraryFileName),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", LibraryFileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The dynamic loader's own error for the library, or null when it loads by full path.</summary>
    private static string? LoaderMessage(string library)
    {
        try
        {
            NativeLibrary.Load(library);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return e.Message;
        }
    }
}
