using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;

namespace Nao.Torch;

/// <summary>
/// Lets oneMKL (linked statically into libtorch_cpu.so) take its AVX2/AVX-512 code paths on non-Intel x86-64 CPUs.
/// </summary>
/// <remarks>
/// <para>
/// MKL picks its kernels through <c>mkl_serv_intel_cpu_true</c>, which returns 0 on AMD, and then runs a generic path
/// whatever the CPU supports: on this project's AMD EPYC machines matrix products ran at 40-60% of the optimized speed
/// (bench/README.md, rnn-lm). libtorch_cpu.so exports that function, so a definition that is already in the
/// process's global symbol scope when libtorch loads wins over its own (ELF interposition, the same thing LD_PRELOAD
/// does). This class writes that definition, <c>int mkl_serv_intel_cpu_true(void) { return 1; }</c>, as a 4 KiB ELF
/// shared object (no compiler needed on the user's machine) and opens it with RTLD_GLOBAL before torch loads. MKL then
/// dispatches on the CPU's real feature bits (CPUID), so it only uses instructions the CPU has.
/// </para>
/// <para>
/// It is a no-op on Intel CPUs (the check passes anyway), on other architectures and operating systems, and when the
/// environment sets <c>NAO_MKL_VENDOR_CHECK=keep</c>.
/// </para>
/// </remarks>
public static partial class MklVendorShim
{
    /// <summary>The environment variable that turns the shim off (value <c>keep</c>).</summary>
    public const string EnvironmentVariable = "NAO_MKL_VENDOR_CHECK";

    /// <summary>The function MKL calls to ask whether the CPU is an Intel one.</summary>
    public const string SymbolName = "mkl_serv_intel_cpu_true";

    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;
    private const int PageSize = 0x1000;

    /// <summary>True when the shim applies here: Linux on x86-64, a non-Intel CPU, and not turned off.</summary>
    public static bool Applies =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && X86Base.IsSupported
        && !IsIntel() && !string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "keep", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Writes the shim (once per content, in the temp folder) and opens it into the global symbol scope. Must run
    /// before libtorch_cpu.so loads; later it changes nothing. Returns the shim's path, or null when it does not apply
    /// or could not be loaded (torch then runs as it would without it).
    /// </summary>
    public static string? TryInstall()
    {
        if (!Applies) return null;
        try
        {
            var image = Build();
            var path = Path.Combine(Path.GetTempPath(), $"nao-mkl-vendor-{Convert.ToHexStringLower(SHA256.HashData(image))[..12]}.so");
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(image))
            {
                // Written beside and renamed over, so a process that loads it never sees half a file.
                var temporary = $"{path}.{Environment.ProcessId}.tmp";
                File.WriteAllBytes(temporary, image);
                File.Move(temporary, path, overwrite: true);
            }
            return DlOpen(path, RtldNow | RtldGlobal) != 0 ? path : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The shared object's bytes: an ELF header, three program headers (a read-execute load of the first page with the
    /// symbol tables and code, a read-write load of the second with the dynamic section, and PT_DYNAMIC), a System V
    /// hash table with one bucket, the symbol and string tables, the function (<c>mov eax, 1; ret</c>), and the dynamic
    /// section. No section headers: the dynamic loader does not read them.
    /// </summary>
    public static byte[] Build()
    {
        const int hashOffset = 0x100, symbolsOffset = 0x110, stringsOffset = 0x140, codeOffset = 0x160, dynamicOffset = PageSize;
        byte[] code = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];
        var strings = Encoding.ASCII.GetBytes("\0" + SymbolName + "\0");
        var dynamic = new (long Tag, long Value)[]
        {
            (4, hashOffset), (5, stringsOffset), (6, symbolsOffset), (10, strings.Length), (11, 24), (0, 0), // DT_HASH, STRTAB, SYMTAB, STRSZ, SYMENT, NULL
        };
        var image = new byte[dynamicOffset + dynamic.Length * 16];
        var span = image.AsSpan();

        // ELF header: 64-bit, little-endian, version 1, System V ABI, a shared object for x86-64.
        "\x7F"u8.CopyTo(span); "ELF"u8.CopyTo(span[1..]);
        span[4] = 2; span[5] = 1; span[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 3);       // e_type ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 62);      // e_machine EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);       // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], 64);      // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], 64);      // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], 56);      // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 3);       // e_phnum

        WriteProgramHeader(span[64..], type: 1, flags: 5, offset: 0, size: codeOffset + code.Length);                 // PT_LOAD r-x
        WriteProgramHeader(span[120..], type: 1, flags: 6, offset: dynamicOffset, size: dynamic.Length * 16);        // PT_LOAD rw-
        WriteProgramHeader(span[176..], type: 2, flags: 6, offset: dynamicOffset, size: dynamic.Length * 16, align: 8); // PT_DYNAMIC

        // Hash table: nbucket 1, nchain 2, bucket[0] = symbol 1, chain = [0, 0].
        BinaryPrimitives.WriteUInt32LittleEndian(span[hashOffset..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(hashOffset + 4)..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(hashOffset + 8)..], 1);

        // Symbol 1 (symbol 0 is the null symbol): name at string 1, global function, in a defined section, at the code.
        var symbol = span[(symbolsOffset + 24)..];
        BinaryPrimitives.WriteUInt32LittleEndian(symbol, 1);
        symbol[4] = 0x12;                                              // STB_GLOBAL << 4 | STT_FUNC
        BinaryPrimitives.WriteUInt16LittleEndian(symbol[6..], 1);      // st_shndx: any defined section
        BinaryPrimitives.WriteUInt64LittleEndian(symbol[8..], codeOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(symbol[16..], (ulong)code.Length);

        strings.CopyTo(span[stringsOffset..]);
        code.CopyTo(span[codeOffset..]);
        for (var i = 0; i < dynamic.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(dynamicOffset + 16 * i)..], dynamic[i].Tag);
            BinaryPrimitives.WriteInt64LittleEndian(span[(dynamicOffset + 16 * i + 8)..], dynamic[i].Value);
        }
        return image;
    }

    private static void WriteProgramHeader(Span<byte> header, uint type, uint flags, long offset, long size, long align = PageSize)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], flags);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], offset);  // p_offset
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], offset); // p_vaddr
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], offset); // p_paddr
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], size);   // p_filesz
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], size);   // p_memsz
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], align);
    }

    private static bool IsIntel()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> vendor = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(vendor, ebx);
        BinaryPrimitives.WriteInt32LittleEndian(vendor[4..], edx);
        BinaryPrimitives.WriteInt32LittleEndian(vendor[8..], ecx);
        return vendor.SequenceEqual("GenuineIntel"u8);
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string path, int mode);
}
