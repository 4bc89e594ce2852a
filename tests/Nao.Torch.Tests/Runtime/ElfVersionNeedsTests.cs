using System.Text;

namespace Nao.Torch.Tests;

public sealed class ElfVersionNeedsTests
{
    private static readonly (string, ushort)[] LibStdCxxNeeds =
        [("GLIBCXX_3.4.30", 0), ("GLIBCXX_3.4.32", 0), ("CXXABI_1.3.13", 0)];

    [Fact]
    public void Find_reports_the_library_and_flags_of_a_needed_version()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", LibStdCxxNeeds);

        VersionNeed? need = ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.32");

        Assert.NotNull(need);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(0, need.Flags);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void Find_returns_null_for_a_version_the_file_does_not_need()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", LibStdCxxNeeds);

        Assert.Null(ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.3"));
        Assert.Null(ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.33"));
    }

    [Fact]
    public void MakeWeak_sets_the_weak_flag_of_the_named_version_and_changes_nothing_else()
    {
        byte[] original = SyntheticElf.Needing("libstdc++.so.6", LibStdCxxNeeds);
        byte[] elf = (byte[])original.Clone();

        Assert.True(ElfVersionNeeds.MakeWeak(elf, "GLIBCXX_3.4.32"));

        Assert.True(ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.32")!.IsWeak);
        Assert.False(ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.30")!.IsWeak);
        Assert.False(ElfVersionNeeds.Find(elf, "CXXABI_1.3.13")!.IsWeak);
        int[] changed = Enumerable.Range(0, elf.Length).Where(i => elf[i] != original[i]).ToArray();
        Assert.Equal([(int)ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.32")!.FlagsOffset], changed);
    }

    [Fact]
    public void MakeWeak_keeps_other_flags_of_the_need()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.32", 0x1));

        Assert.True(ElfVersionNeeds.MakeWeak(elf, "GLIBCXX_3.4.32"));

        Assert.Equal(0x3, ElfVersionNeeds.Find(elf, "GLIBCXX_3.4.32")!.Flags);
    }

    [Fact]
    public void MakeWeak_leaves_a_need_that_is_already_weak_alone()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.32", ElfVersionNeeds.WeakFlag));
        byte[] before = (byte[])elf.Clone();

        Assert.False(ElfVersionNeeds.MakeWeak(elf, "GLIBCXX_3.4.32"));
        Assert.Equal(before, elf);
    }

    [Fact]
    public void MakeWeak_leaves_a_file_that_does_not_need_the_version_alone()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", ("GLIBCXX_3.4.30", 0));
        byte[] before = (byte[])elf.Clone();

        Assert.False(ElfVersionNeeds.MakeWeak(elf, "GLIBCXX_3.4.32"));
        Assert.Equal(before, elf);
    }

    [Fact]
    public void Find_rejects_bytes_that_are_not_an_elf_file()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Find(Encoding.ASCII.GetBytes("#!/bin/sh\necho hi\n".PadRight(80)), "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void Find_rejects_a_truncated_elf_file()
    {
        byte[] elf = SyntheticElf.Needing("libstdc++.so.6", LibStdCxxNeeds);
        byte[] truncated = elf[..(elf.Length - 32)]; // cuts sh_link and sh_info off the last section header

        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Find(truncated, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void SystemLibStdCxx_matches_whole_version_names_only()
    {
        using var folder = new TemporaryFolder();
        string library = folder.Write("libstdc++.so.6", Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0GLIBCXX_3.4.320\0"));

        Assert.True(SystemLibStdCxx.Defines(library, "GLIBCXX_3.4.30"));
        Assert.False(SystemLibStdCxx.Defines(library, "GLIBCXX_3.4.32"));
        Assert.False(SystemLibStdCxx.Defines(library, "GLIBCXX_3.4.3"));
    }
}
