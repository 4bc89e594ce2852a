namespace Nao.Costs;

/// <summary>How an architecture's latency is measured: forward passes of its built network on this machine's CPU.</summary>
public sealed record LatencyOptions
{
    /// <summary>Forward passes run and thrown away before timing (allocator and kernel caches warm up). Default: 3.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>k: timed forward passes; the latency is their median. Default: 9.</summary>
    public int Runs { get; init; } = 9;

    /// <summary>Torch threads during the measurement (fixed, so numbers compare across a run). Default: 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">The message names the setting and a valid range.</exception>
    public void Validate()
    {
        if (Warmup < 0) throw new ArgumentException($"Latency warm-up runs must be 0 or more; got {Warmup}.");
        if (Runs < 1) throw new ArgumentException($"Latency needs at least 1 timed run (k); got {Runs}.");
        if (Threads < 1) throw new ArgumentException($"Latency needs at least 1 torch thread; got {Threads}.");
    }
}
