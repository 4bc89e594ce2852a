using System.Runtime.InteropServices;
using TorchSharp;

namespace Nao.Torch;

/// <summary>
/// Process-wide set-up of TorchSharp. Call <see cref="Initialize"/> at start-up, before the first tensor.
/// </summary>
public static partial class TorchRuntime
{
    /// <summary>glibc's M_TRIM_THRESHOLD (malloc.h).</summary>
    private const int MallocTrimThreshold = -1;

    /// <summary>glibc's M_MMAP_MAX (malloc.h).</summary>
    private const int MallocMmapMax = -4;

    private static readonly Lock Gate = new();

    // Process-wide by nature: the allocator settings and the loaded native library belong to the process.
    private static bool loaded;

    // The managed thread of the last unit of torch work (PrepareThisThread); 0 before the first.
    private static int lastWorkThread;

    // The thread count of the last Initialize that set one; 0 while torch's default stands.
    private static int configuredThreads;

    /// <summary>
    /// The MKL vendor-check shim loaded into this process (see <see cref="MklVendorShim"/>), or null when it does not
    /// apply (an Intel CPU, another platform, <c>NAO_MKL_VENDOR_CHECK=keep</c>) or could not be loaded.
    /// </summary>
    public static string? MklShim { get; private set; }

    /// <summary>
    /// Tunes glibc's allocator for tensor workloads, loads TorchSharp's native library, and sets the number of
    /// threads torch uses for intra-op parallelism when <paramref name="threads"/> is given. Safe to call more than
    /// once and from several threads; only the first successful call tunes and loads.
    /// </summary>
    /// <param name="threads">Threads for torch's intra-op parallelism; null leaves torch's default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    /// <exception cref="TorchLoadException">The native library does not load; the message says why.</exception>
    public static void Initialize(int? threads = null)
    {
        if (threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "Torch needs at least one thread.");
        }

        lock (Gate)
        {
            if (!loaded)
            {
                TuneAllocator();
                // Before torch loads: the shim's symbol must already be in the global scope to take precedence.
                MklShim = MklVendorShim.TryInstall();
                Load();
                loaded = true;
            }

            if (threads is int count)
            {
                torch.set_num_threads(count);
                Volatile.Write(ref configuredThreads, count);
            }
        }
    }

    /// <summary>
    /// Stops glibc from mapping and unmapping large tensors on every step and from trimming the heap: together these
    /// halved step times in the probe recorded in shared/TORCHSHARP.md ("Memory and speed"), and either one alone made
    /// things worse. Same as MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 in the environment.
    /// </summary>
    private static void TuneAllocator()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            if (Mallopt(MallocTrimThreshold, int.MaxValue) == 1)
            {
                Mallopt(MallocMmapMax, 0);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no libc.so.6): its allocator has neither setting.
        }
    }

    private static void Load()
    {
        // Load the library by full path first: when that fails, TorchSharp would print advice that blames a missing
        // package and copy half a gigabyte of natives from the NuGet cache beside the application, then fail anyway.
        string baseDirectory = AppContext.BaseDirectory;
        string? library = NativeLoadDiagnosis.FindLibrary(baseDirectory);
        if (library is not null && NativeLoadDiagnosis.LoaderError(library) is { } error)
        {
            throw new TorchLoadException(NativeLoadDiagnosis.Explain(baseDirectory, library, error));
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception cause) when (cause is not OutOfMemoryException)
        {
            throw new TorchLoadException(NativeLoadDiagnosis.Explain(baseDirectory, library, cause.Message), cause);
        }
    }

    /// <summary>
    /// Call at the start of a unit of torch work (a supernet epoch or scoring, a controller fit, a child's training):
    /// gives the calling thread the torch thread count of the last <see cref="Initialize"/> that set one, and, when the
    /// last unit ran on another thread, returns the heap memory that no tensor holds any more to the operating system.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Thread count: libtorch keeps it per thread (OpenMP's and MKL's settings are thread-local), and a thread keeps the
    /// count it had when it first ran torch, whatever later <c>set_num_threads</c> calls on other threads say. The searches
    /// run their units on whichever thread-pool thread is free, so without this a unit's count, and with it the last bits
    /// of its sums, depended on which thread ran it: in one test process, the weight-sharing Ctrl-C resume test saw a
    /// controller prediction differ in its 8th digit between the whole and the resumed run.
    /// </para>
    /// <para>
    /// Memory: <see cref="Initialize"/> turns trimming off, so each arena keeps the most memory it ever held, and glibc
    /// gives threads arenas of their own. Peak memory grew with every thread that had run torch (one small weight-sharing
    /// search ran torch on six): that search peaked at 2.95-3.21 GB, and at 1.54-1.56 GB with a trim at the start of each
    /// unit, with identical trials and no loss of speed (bench/README.md, "Memory of the searches"). The cost is one pass
    /// over the free chunks and page faults on memory the unit touches again, which is why a unit on the same thread as
    /// the last skips it: a training loop that calls a fit per epoch would otherwise fault its memory in every time. The
    /// trim is a no-op without glibc.
    /// </para>
    /// </remarks>
    public static void PrepareThisThread()
    {
        var threads = Volatile.Read(ref configuredThreads);
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
        if (!OperatingSystem.IsLinux()) return;
        var thread = Environment.CurrentManagedThreadId;
        if (Interlocked.Exchange(ref lastWorkThread, thread) == thread) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to release this way.
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
