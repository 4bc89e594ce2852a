using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Nao.Torch.Tests;

/// <summary>
/// The file side of the build's patch (<see cref="ElfVersionNeeds.MakeWeakInFile"/>): output folders hold hard links
/// into the NuGet cache, so the patch must replace the link, never write through it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PatchInFileTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void Patching_a_hard_link_leaves_the_other_name_of_the_file_untouched()
    {
        using var folder = new TemporaryFolder();
        byte[] original = SyntheticElf.Needing("libstdc++.so.6", (Version, 0));
        string cached = folder.Write("cached.so", original);
        string output = Path.Combine(folder.Path, "output.so");
        Assert.Equal(0, Link(cached, output));

        Assert.True(ElfVersionNeeds.MakeWeakInFile(output, Version));

        Assert.Equal(original, File.ReadAllBytes(cached));
        Assert.True(ElfVersionNeeds.Find(File.ReadAllBytes(output), Version)!.IsWeak);
        Assert.Equal(["cached.so", "output.so"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Patching_keeps_the_last_write_time_and_the_permissions()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("lib.so", SyntheticElf.Needing("libstdc++.so.6", (Version, 0)));
        var written = new DateTime(2026, 5, 7, 10, 3, 28, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(library, written);
        File.SetUnixFileMode(library, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);

        Assert.True(ElfVersionNeeds.MakeWeakInFile(library, Version));

        Assert.Equal(written, File.GetLastWriteTimeUtc(library));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(library));
    }

    [Fact]
    public void Patching_a_file_that_is_already_weak_does_not_touch_it()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("lib.so", SyntheticElf.Needing("libstdc++.so.6", (Version, ElfVersionNeeds.WeakFlag)));
        string other = Path.Combine(folder.Path, "other.so");
        Assert.Equal(0, Link(library, other));

        Assert.False(ElfVersionNeeds.MakeWeakInFile(library, Version));

        // Still one file under two names: nothing was replaced.
        File.AppendAllText(other, "x");
        Assert.Equal(new FileInfo(other).Length, new FileInfo(library).Length);
    }

    [DllImport("libc.so.6", EntryPoint = "link")]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
}
