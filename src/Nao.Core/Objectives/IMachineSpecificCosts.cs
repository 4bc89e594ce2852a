namespace Nao.Objectives;

/// <summary>
/// A cost model some of whose metrics are measured on this machine (latency) rather than counted: its numbers hold for
/// <see cref="Machine"/> only, and it keeps them in a file of the run so that a resumed run does not measure again.
/// </summary>
public interface IMachineSpecificCosts
{
    /// <summary>What the measured numbers depend on (CPU model, thread count, how they were measured), stored with them.</summary>
    string Machine { get; }

    /// <summary>
    /// Keeps measurements in <paramref name="path"/> (JSON): reads those made on the same <see cref="Machine"/> and
    /// adds each new one. A file from another machine or setting is not read, and is replaced.
    /// </summary>
    void UseCacheFile(string path);
}
