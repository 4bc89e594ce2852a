namespace Nao.Experiments;

/// <summary>How the search loop spends its budget: how many evaluations, how many at once, how long each may take.</summary>
public sealed record SearchLoopOptions
{
    /// <summary>The total number of evaluations (trials). Default: 200.</summary>
    public int Budget { get; init; } = 200;

    /// <summary>
    /// Evaluations in flight at once. Results are still told to the strategy in trial order, so the trials do not
    /// depend on timing, but a run must be resumed with the parallelism it started with. Default: 1.
    /// </summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Wall-time limit of one evaluation in seconds; a longer one is recorded as failed. 0 for none. Default: 0.</summary>
    public double TimeoutSeconds { get; init; }

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Budget < 1) throw new ArgumentException($"The budget must be at least 1 evaluation; got {Budget}.");
        if (Parallel < 1) throw new ArgumentException($"The number of parallel evaluations must be at least 1; got {Parallel}.");
        if (!(TimeoutSeconds >= 0) || double.IsInfinity(TimeoutSeconds)) throw new ArgumentException($"The evaluation timeout must be a finite number of seconds ≥ 0 (0 for none); got {TimeoutSeconds}.");
    }
}
