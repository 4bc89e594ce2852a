using TorchSharp;

namespace Nao.Torch.Tests;

/// <summary>
/// Checks what build/TorchSharpNativeFix.targets did to this test project's own build output: the copy of
/// libLibTorchSharp.so beside the tests is patched exactly when the system needs it, and the NuGet cache is not.
/// </summary>
public sealed class BuildOutputTests
{
    private const string Version = NativeLoadDiagnosis.GlibcxxVersion;

    [Fact]
    public void The_output_copy_of_libLibTorchSharp_needs_GLIBCXX_3_4_32_weakly_exactly_when_the_system_lacks_it()
    {
        string library = Path.Combine(AppContext.BaseDirectory, NativeLoadDiagnosis.LibraryFileName);
        string? system = SystemLibStdCxx.Find();
        Assert.True(File.Exists(library), $"{library} is missing from the build output.");
        Assert.NotNull(system);

        VersionNeed? need = ElfVersionNeeds.Find(File.ReadAllBytes(library), Version);

        Assert.NotNull(need);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(!SystemLibStdCxx.Defines(system, Version), need.IsWeak);
    }

    [Fact]
    public void The_NuGet_cache_copy_of_libLibTorchSharp_is_left_untouched()
    {
        string? cached = CachedLibrary();
        if (cached is null)
        {
            return; // Packages restored somewhere this test cannot see: nothing to compare with.
        }

        VersionNeed? need = ElfVersionNeeds.Find(File.ReadAllBytes(cached), Version);

        Assert.NotNull(need);
        Assert.False(need.IsWeak, $"{cached} was modified; the build must patch only its own copies.");
    }

    [Fact]
    public void Patching_the_cached_library_in_memory_weakens_only_the_GLIBCXX_3_4_32_need()
    {
        string? cached = CachedLibrary();
        if (cached is null)
        {
            return; // As above.
        }

        byte[] original = File.ReadAllBytes(cached);
        byte[] patched = (byte[])original.Clone();

        Assert.True(ElfVersionNeeds.MakeWeak(patched, Version));
        Assert.True(ElfVersionNeeds.Find(patched, Version)!.IsWeak);
        Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patched[i]);
    }

    private static string? CachedLibrary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Version version = typeof(torch).Assembly.GetName().Version!;
        string path = Path.Combine(
            packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native",
            NativeLoadDiagnosis.LibraryFileName);
        return File.Exists(path) ? path : null;
    }
}
