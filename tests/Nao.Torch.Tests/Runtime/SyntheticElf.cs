using System.Buffers.Binary;
using System.Text;

namespace Nao.Torch.Tests;

/// <summary>
/// Builds the smallest 64-bit little-endian ELF file that has a version-needs section: an ELF header, a string
/// table, one Elf64_Verneed with its Elf64_Vernaux entries, and three section headers (null, .dynstr,
/// .gnu.version_r). Enough for <c>readelf -V</c> and for <see cref="ElfVersionNeeds"/>.
/// </summary>
internal static class SyntheticElf
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int EntrySize = 16;

    public static byte[] Needing(string file, params (string Name, ushort Flags)[] versions)
    {
        var strings = new List<byte> { 0 };
        int fileName = Add(strings, file);
        int[] names = versions.Select(v => Add(strings, v.Name)).ToArray();

        var needs = new byte[EntrySize * (1 + versions.Length)];
        Span<byte> need = needs;
        BinaryPrimitives.WriteUInt16LittleEndian(need[0..], 1);                                // vn_version
        BinaryPrimitives.WriteUInt16LittleEndian(need[2..], (ushort)versions.Length);          // vn_cnt
        BinaryPrimitives.WriteUInt32LittleEndian(need[4..], (uint)fileName);                   // vn_file
        BinaryPrimitives.WriteUInt32LittleEndian(need[8..], EntrySize);                        // vn_aux
        for (int i = 0; i < versions.Length; i++)
        {
            Span<byte> aux = need[(EntrySize * (i + 1))..];
            BinaryPrimitives.WriteUInt32LittleEndian(aux[0..], (uint)i + 1);                   // vna_hash (unchecked here)
            BinaryPrimitives.WriteUInt16LittleEndian(aux[4..], versions[i].Flags);             // vna_flags
            BinaryPrimitives.WriteUInt16LittleEndian(aux[6..], (ushort)(i + 2));               // vna_other
            BinaryPrimitives.WriteUInt32LittleEndian(aux[8..], (uint)names[i]);                // vna_name
            BinaryPrimitives.WriteUInt32LittleEndian(aux[12..], i + 1 < versions.Length ? EntrySize : 0u);
        }

        int stringsAt = HeaderSize;
        int needsAt = Align(stringsAt + strings.Count);
        int sectionsAt = Align(needsAt + needs.Length);
        var elf = new byte[sectionsAt + (3 * SectionHeaderSize)];
        Span<byte> span = elf;

        "\u007fELF"u8.CopyTo(span);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x10..], 3);                             // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x12..], 62);                            // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x14..], 1);                             // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(span[0x28..], (ulong)sectionsAt);             // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x34..], HeaderSize);                    // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x3A..], SectionHeaderSize);             // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x3C..], 3);                             // e_shnum

        strings.ToArray().CopyTo(span[stringsAt..]);
        needs.CopyTo(span[needsAt..]);
        WriteSection(span[(sectionsAt + SectionHeaderSize)..], type: 3, stringsAt, strings.Count, link: 0, info: 0);
        WriteSection(span[(sectionsAt + (2 * SectionHeaderSize))..], type: 0x6ffffffe, needsAt, needs.Length, link: 1, info: 1);
        return elf;
    }

    private static void WriteSection(Span<byte> header, uint type, int offset, int size, uint link, uint info)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], type);                           // sh_type
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)offset);                 // sh_offset
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)size);                   // sh_size
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], link);                          // sh_link
        BinaryPrimitives.WriteUInt32LittleEndian(header[44..], info);                          // sh_info
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], 8);                             // sh_addralign
    }

    private static int Add(List<byte> strings, string text)
    {
        int at = strings.Count;
        strings.AddRange(Encoding.ASCII.GetBytes(text));
        strings.Add(0);
        return at;
    }

    private static int Align(int offset) => (offset + 7) & ~7;
}
