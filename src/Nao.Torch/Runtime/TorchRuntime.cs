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
    /// The environment variable that lets libtorch use oneDNN again (value <c>on</c>). For measuring what oneDNN would
    /// change (speed, and the wrong results of <see cref="ChooseKernels"/>); never for results that matter.
    /// </summary>
    public const string OneDnnVariable = "NAO_ONEDNN";

    /// <summary>Whether libtorch may use oneDNN (mkldnn) kernels in this process; false unless <see cref="OneDnnVariable"/> is <c>on</c>.</summary>
    public static bool OneDnnEnabled => loaded && UserEnabledMkldnn(GlobalContext());

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
                ChooseKernels();
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
    /// Turns libtorch's oneDNN (mkldnn) and NNPACK kernels off, so that convolutions and LSTMs run ATen's own kernels
    /// (im2col with MKL's GEMM, and the matmul-based LSTM) on every CPU.
    /// </summary>
    /// <remarks>
    /// <para>
    /// libtorch 2.10's oneDNN (v3.7.1) computes wrong results, not rounding differences, at shapes that Nao and its users
    /// run. <c>Nao.Bench kernels</c> compares each kernel with a reference that shares no kernel with it (convolutions
    /// with im2col and a float64 matrix product, LSTMs with the same LSTM in float64; bench/README.md, "kernels"). On an
    /// AMD EPYC Zen 5 (AVX-512) with oneDNN on, 23 of 456 results were off by a relative 0.1 to 1, or NaN, and 23 again
    /// with <c>ONEDNN_MAX_CPU_ISA=AVX2</c>: the LSTM's inference primitive (every LSTM call without autograd: the
    /// controller's Predict, Reconstruct and decoding) for hidden sizes 16, 48 and 200 (96 and 128 happen to be right),
    /// which is why a tiny controller that reconstructs all 24 training architectures with AVX2 reconstructed none with
    /// AVX-512 (issue 14); NCHW 3×3 convolutions with 12, 20, 24 or 36 channels; channels-last 1×1 convolutions with 36,
    /// 40 or 72 channels (AVX-512), and 3×3, 1×3 and 7×1 ones on 2×2 maps with 36 to 72 channels (AVX2); the input
    /// gradient of one-channel and of dilated depthwise convolutions; and stride-2 1×1 backward corrupts the heap with
    /// AVX2 (see <see cref="Operations.StridedPointwise"/>). Nao's allocator settings and MKL shim play no part: the
    /// results are as wrong without them. With oneDNN off, every comparison agrees to float32 rounding on both ISAs
    /// (KernelCheckTests runs them on whatever CPU runs the tests).
    /// </para>
    /// <para>
    /// The cost, measured on the Zen 5 machine (bench/README.md): a CNN training step about 1.4× slower with about 40%
    /// more peak memory, and a controller epoch about 1.6× slower. NNPACK goes too: it is used only on some CPUs (on
    /// others it prints "Could not initialize NNPACK" once per thread), so with it the kernels, and the last bits of
    /// every result, would depend on the CPU.
    /// </para>
    /// </remarks>
    private static void ChooseKernels()
    {
        var oneDnn = string.Equals(Environment.GetEnvironmentVariable(OneDnnVariable), "on", StringComparison.OrdinalIgnoreCase);
        try
        {
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, oneDnn);
            SetUserEnabledNnpack(context, false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the switch, convolutions and LSTMs could silently run the kernels measured wrong: refuse to go on.
            throw new TorchLoadException(
                "libtorch_cpu does not export at::Context::setUserEnabledMkldnn, so Nao cannot keep libtorch off the oneDNN " +
                $"kernels that compute wrong results (see TorchRuntime). Use the libtorch that Nao references. The loader said: {e.Message}", e);
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

    // at::globalContext() and the Context switches, exported by libtorch_cpu.so (C++ names, Itanium ABI); TorchSharp
    // exposes none of them. The switches are plain flags that every convolution and LSTM call reads.
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial nint GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(nint context);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
