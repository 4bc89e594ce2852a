using System.Runtime.InteropServices;

namespace Nao.Bench;

/// <summary>
/// Puts back glibc's default trim threshold and mmap count after TorchRuntime.Initialize tuned them, for --no-tuning:
/// the benchmark still needs Initialize's kernel choice (oneDNN off), which skipping Initialize would also skip.
/// </summary>
internal static class GlibcMalloc
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4; // M_MMAP_MAX
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    /// <summary>glibc's documented defaults: trim above 128 KiB, up to 65,536 mmapped chunks.</summary>
    public static void RestoreDefaults()
    {
        Mallopt(TrimThreshold, 128 * 1024);
        Mallopt(MmapMax, 65536);
    }

    /// <summary>
    /// On top of TorchRuntime's settings (no trimming), maps every chunk of <paramref name="bytes"/> or more with mmap
    /// and unmaps it when freed, so the largest temporaries (im2col columns) cannot fragment the heap; for measuring.
    /// </summary>
    public static void MapChunksFrom(int bytes)
    {
        Mallopt(MmapThreshold, bytes);
        Mallopt(MmapMax, 65536);
    }

    // DllImport rather than LibraryImport: an int-only signature needs no marshalling, and no unsafe code in the project.
    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
