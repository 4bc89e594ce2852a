using Nao.Experiments;

namespace Nao.Tests.Experiments;

/// <summary>Thrown to simulate the process dying at a chosen write.</summary>
internal sealed class SimulatedCrash() : Exception("simulated crash");

/// <summary>
/// Wraps a store and "dies" at the n-th write (0-based), either before the write reaches the store or right after
/// it; the inner store keeps what was written, as a database does after kill -9.
/// </summary>
internal sealed class CrashingStore(ITrialStore inner, int crashAtWrite, bool afterWrite) : ITrialStore
{
    private int _writes;

    public IReadOnlyList<Trial> LoadTrials() => inner.LoadTrials();

    public void AddPending(Trial trial) => Write(() => inner.AddPending(trial));

    public void Complete(Trial trial) => Write(() => inner.Complete(trial));

    private void Write(Action write)
    {
        var n = _writes++;
        if (n == crashAtWrite && !afterWrite) throw new SimulatedCrash();
        write();
        if (n == crashAtWrite && afterWrite) throw new SimulatedCrash();
    }
}
