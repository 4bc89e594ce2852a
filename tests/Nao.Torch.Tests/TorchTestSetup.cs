using Nao.Torch;

namespace Nao.Tests;

/// <summary>Torch set-up for the tests: one intra-op thread, because tiny tensors gain nothing from two and a
/// busy machine makes OpenMP's thread barriers very slow (a tiny training step went from ~47 to ~400 ms with 2 threads).</summary>
public static class TorchTestSetup
{
    /// <summary>Initializes torch for a test class.</summary>
    public static void Initialize() => TorchRuntime.Initialize(threads: 1);
}
