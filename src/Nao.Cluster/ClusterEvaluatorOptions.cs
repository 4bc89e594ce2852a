namespace Nao.Cluster;

/// <summary>How the coordinator sends evaluations to the cluster and watches them.</summary>
public sealed record ClusterEvaluatorOptions
{
    /// <summary>
    /// Seconds one status poll of a running evaluation waits on the worker for the result (a long poll; a result is
    /// returned as soon as it exists). A poll that gets no answer within this time and 5 s more counts as a failure,
    /// so it also bounds how long a dead worker's job can stay unnoticed. Default: 2.
    /// </summary>
    public double PollSeconds { get; init; } = 2;

    /// <summary>Seconds between two reads of the cluster membership (new and dead workers). Default: 2.</summary>
    public double RefreshSeconds { get; init; } = 2;

    /// <summary>Seconds to wait for the first worker at start-up before giving up. Default: 60.</summary>
    public double WaitForWorkersSeconds { get; init; } = 60;

    /// <summary>
    /// Seconds a worker may stay unreachable while the membership still lists it as active before its evaluations
    /// are moved elsewhere anyway (the membership protocol usually declares a dead worker within about 15 s). Default: 120.
    /// </summary>
    public double UnreachableSeconds { get; init; } = 120;

    /// <summary>
    /// Seconds a worker may refuse connections (its process has exited) before its evaluations move elsewhere,
    /// without waiting for the membership to declare it dead. Default: 5.
    /// </summary>
    public double RefusedSeconds { get; init; } = 5;

    /// <summary>
    /// How many times one evaluation may lose its worker before it is recorded as failed (an architecture that
    /// crashes every worker it touches must not take the whole cluster down in turn). Default: 3.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        Positive(PollSeconds, nameof(PollSeconds));
        if (PollSeconds > 20) throw new ArgumentException($"{nameof(PollSeconds)} must stay below Orleans' 30 s response timeout (at most 20); got {PollSeconds}.");
        Positive(RefreshSeconds, nameof(RefreshSeconds));
        Positive(WaitForWorkersSeconds, nameof(WaitForWorkersSeconds));
        Positive(UnreachableSeconds, nameof(UnreachableSeconds));
        Positive(RefusedSeconds, nameof(RefusedSeconds));
        if (MaxAttempts < 1) throw new ArgumentException($"{nameof(MaxAttempts)} must be at least 1; got {MaxAttempts}.");
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentException($"{name} must be a finite number of seconds > 0; got {value}.");
    }
}
