// One file, compiled twice:
//  * by MSBuild's RoslynCodeTaskFactory (see TorchSharpNativeFix.targets beside this file), against netstandard,
//    as the inline task NaoMarkVersionNeedWeak that patches the output copy of libLibTorchSharp.so;
//  * into Nao.Torch with NAO_RUNTIME defined, without the task, so that TorchRuntime explains a load failure
//    with the same ELF reader the build uses, and the tests exercise the very code that patches.
// Why the patch is needed and safe: TorchSharp 0.107's libLibTorchSharp.so needs libstdc++ symbol version
// GLIBCXX_3.4.32 (GCC 13) only for std::ios_base_library_init(), which it references and never calls. Debian 12's
// libstdc++ stops at GLIBCXX_3.4.30, so the loader refuses the library. Setting VER_FLG_WEAK on that one version
// need turns the refusal into nothing: the loader only checks weak needs when the version exists.
// Kept to netstandard 2.0 and no newer BCL API, for the task factory.
#nullable enable
#if !NAO_RUNTIME
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif
using System;
using System.IO;
using System.Text;

namespace Nao.Torch;

#if !NAO_RUNTIME
/// <summary>
/// Marks the need for <see cref="Version"/> weak in each of <see cref="Libraries"/> that exists, when the system's
/// libstdc++ lacks that version, with <see cref="ElfVersionNeeds.MakeWeakInFile"/>.
/// </summary>
public sealed class NaoMarkVersionNeedWeak : Task
{
    /// <summary>Candidate files; those that do not exist are ignored.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = new ITaskItem[0];

    /// <summary>The libstdc++ symbol version to make optional, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        string? systemLibrary = null;
        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path))
            {
                continue;
            }

            if (systemLibrary == null)
            {
                systemLibrary = SystemLibStdCxx.Find();
                if (systemLibrary == null)
                {
                    Log.LogMessage(MessageImportance.Low, "Nao: no system libstdc++.so.6 found; {0} left as it is.", path);
                    return true;
                }

                if (SystemLibStdCxx.Defines(systemLibrary, Version))
                {
                    Log.LogMessage(MessageImportance.Low, "Nao: {0} has {1}; {2} left as it is.", systemLibrary, Version, path);
                    return true;
                }
            }

            if (!ElfVersionNeeds.MakeWeakInFile(path, Version))
            {
                Log.LogMessage(MessageImportance.Low, "Nao: {0} needs {1} weakly or not at all; nothing to do.", path, Version);
                continue;
            }

            Log.LogMessage(
                MessageImportance.Normal,
                "Nao: {0} lacks {1}; marked that version need weak in {2} so that it loads.",
                systemLibrary,
                Version,
                path);
        }

        return !Log.HasLoggedErrors;
    }
}
#endif

/// <summary>
/// Reads and edits the version needs (the <c>.gnu.version_r</c> section, SHT_GNU_verneed) of a 64-bit little-endian
/// ELF file, following the layout in the Linux Standard Base, "Symbol Versioning": Elf64_Verneed entries
/// {vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32}, each followed by vn_cnt Elf64_Vernaux entries
/// {vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32}; names index the string table that the
/// section's sh_link names.
/// </summary>
internal static class ElfVersionNeeds
{
    /// <summary>VER_FLG_WEAK: the loader does not fail when the version is missing.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int SectionHeaderSize = 64;

    /// <summary>The need for <paramref name="version"/>, or null when the file does not need it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed 64-bit little-endian ELF file.</exception>
    public static VersionNeed? Find(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
        }

        long sectionTable = Offset(elf, 0x28, 8);
        int entrySize = U16(elf, 0x3A);
        int sectionCount = U16(elf, 0x3C);
        if (entrySize < SectionHeaderSize)
        {
            throw new InvalidDataException("ELF section header entries are too small.");
        }

        for (int i = 0; i < sectionCount; i++)
        {
            long header = sectionTable + ((long)i * entrySize);
            if (U32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long strings = Offset(elf, sectionTable + ((long)U32(elf, header + 40) * entrySize) + 24, 8);
            VersionNeed? need = FindInSection(elf, Offset(elf, header + 24, 8), U32(elf, header + 44), strings, version);
            if (need != null)
            {
                return need;
            }
        }

        return null;
    }

    /// <summary>Sets <see cref="WeakFlag"/> on the need for <paramref name="version"/>.</summary>
    /// <returns>True when <paramref name="elf"/> changed; false when the need is absent or already weak.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed 64-bit little-endian ELF file.</exception>
    public static bool MakeWeak(byte[] elf, string version)
    {
        VersionNeed? need = Find(elf, version);
        if (need == null || need.IsWeak)
        {
            return false;
        }

        int flags = need.Flags | WeakFlag;
        elf[need.FlagsOffset] = (byte)flags;
        elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
        return true;
    }

    /// <summary>
    /// Sets <see cref="WeakFlag"/> on the need for <paramref name="version"/> in the file at <paramref name="path"/>.
    /// Never writes into the file: it may be a hard link into the NuGet cache. The patched bytes go to a new file in
    /// the same folder, which then replaces the original by rename. The original's permissions and last-write time
    /// are kept, so incremental copies (which compare size and time) see the file as unchanged and leave it patched.
    /// </summary>
    /// <returns>True when the file changed; false when the need is absent or already weak.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed 64-bit little-endian ELF file.</exception>
    public static bool MakeWeakInFile(string path, string version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (!MakeWeak(bytes, version))
        {
            return false;
        }

        string temporary = Path.Combine(
            Path.GetDirectoryName(path) ?? ".",
            "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Copying first gives the new file the original's permissions; the original is only read.
            File.Copy(path, temporary);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
            {
                stream.Write(bytes, 0, bytes.Length);
            }

            File.SetLastWriteTimeUtc(temporary, File.GetLastWriteTimeUtc(path));
            File.Replace(temporary, path, null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return true;
    }

    private static VersionNeed? FindInSection(byte[] elf, long entry, uint entryCount, long strings, string version)
    {
        for (uint n = 0; n < entryCount; n++)
        {
            int auxCount = U16(elf, entry + 2);
            long aux = entry + U32(elf, entry + 8);
            for (int a = 0; a < auxCount; a++)
            {
                if (NameEquals(elf, strings + U32(elf, aux + 8), version))
                {
                    string file = ReadName(elf, strings + U32(elf, entry + 4));
                    return new VersionNeed(file, (ushort)U16(elf, aux + 4), aux + 4);
                }

                uint nextAux = U32(elf, aux + 12);
                if (nextAux == 0)
                {
                    break;
                }

                aux += nextAux;
            }

            uint next = U32(elf, entry + 12);
            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return null;
    }

    private static bool NameEquals(byte[] elf, long at, string name)
    {
        Check(elf, at, name.Length + 1);
        for (int i = 0; i < name.Length; i++)
        {
            if (elf[at + i] != name[i])
            {
                return false;
            }
        }

        return elf[at + name.Length] == 0;
    }

    private static string ReadName(byte[] elf, long at)
    {
        long end = at;
        while (true)
        {
            Check(elf, end, 1);
            if (elf[end] == 0)
            {
                break;
            }

            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)at, (int)(end - at));
    }

    private static long Offset(byte[] elf, long at, int size)
    {
        Check(elf, at, size);
        ulong value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | elf[at + i];
        }

        if (value > (ulong)elf.Length)
        {
            throw new InvalidDataException("An ELF offset points past the end of the file.");
        }

        return (long)value;
    }

    private static int U16(byte[] elf, long at)
    {
        Check(elf, at, 2);
        return elf[at] | (elf[at + 1] << 8);
    }

    private static uint U32(byte[] elf, long at)
    {
        Check(elf, at, 4);
        return (uint)(elf[at] | (elf[at + 1] << 8) | (elf[at + 2] << 16) | (elf[at + 3] << 24));
    }

    private static void Check(byte[] elf, long at, int size)
    {
        if (at < 0 || at + size > elf.Length)
        {
            throw new InvalidDataException("The ELF file is truncated or malformed.");
        }
    }
}

/// <summary>One Elf64_Vernaux entry: a version that a library needs from another.</summary>
internal sealed class VersionNeed
{
    public VersionNeed(string file, ushort flags, long flagsOffset)
    {
        File = file;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>The library the version is needed from, e.g. libstdc++.so.6.</summary>
    public string File { get; }

    /// <summary>vna_flags.</summary>
    public ushort Flags { get; }

    /// <summary>Where vna_flags lies in the file.</summary>
    public long FlagsOffset { get; }

    /// <summary>Whether the loader accepts a libstdc++ without this version.</summary>
    public bool IsWeak => (Flags & ElfVersionNeeds.WeakFlag) != 0;
}

/// <summary>Finds the system's libstdc++ and tells which symbol versions it defines.</summary>
internal static class SystemLibStdCxx
{
    /// <summary>Where distributions put libstdc++.so.6, Debian's multiarch folders first.</summary>
    public static readonly string[] CandidatePaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/libstdc++.so.6",
    };

    /// <summary>The first of <see cref="CandidatePaths"/> that exists, or null.</summary>
    public static string? Find()
    {
        foreach (string path in CandidatePaths)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Whether the library at <paramref name="path"/> holds the version name as a whole string.</summary>
    public static bool Defines(string path, string version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        byte[] name = Encoding.ASCII.GetBytes(version);
        for (int i = 1; i + name.Length < bytes.Length; i++)
        {
            if (bytes[i - 1] == 0 && bytes[i + name.Length] == 0 && Matches(bytes, i, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(byte[] bytes, int at, byte[] name)
    {
        for (int j = 0; j < name.Length; j++)
        {
            if (bytes[at + j] != name[j])
            {
                return false;
            }
        }

        return true;
    }
}
