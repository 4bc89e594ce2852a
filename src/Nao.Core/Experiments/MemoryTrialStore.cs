namespace Nao.Experiments;

/// <summary>Keeps trials in memory: for comparisons over many seeds and for tests. Nothing survives the process.</summary>
public sealed class MemoryTrialStore : ITrialStore
{
    private readonly List<Trial> _trials = [];

    /// <inheritdoc />
    public IReadOnlyList<Trial> LoadTrials() => [.. _trials];

    /// <inheritdoc />
    public void AddPending(Trial trial)
    {
        if (trial.Index != _trials.Count) throw new InvalidOperationException($"Trial {trial.Index} added out of order; the next index is {_trials.Count}.");
        _trials.Add(trial);
    }

    /// <inheritdoc />
    public void Complete(Trial trial) => _trials[trial.Index] = trial;
}
