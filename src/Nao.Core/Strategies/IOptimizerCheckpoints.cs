namespace Nao.Strategies;

/// <summary>
/// Where the NAO strategy keeps the optimizer's state after each round's fit. A resumed search loads the state of a
/// round instead of fitting again: fitting is deterministic for the round's seed, so the loaded state is the one the
/// interrupted search had, and the replayed proposals match the stored trials.
/// </summary>
public interface IOptimizerCheckpoints
{
    /// <summary>Restores the state saved after round <paramref name="round"/>'s fit; false when there is none.</summary>
    bool TryLoad(int round, IArchitectureOptimizer optimizer);

    /// <summary>Saves the state after round <paramref name="round"/>'s fit, atomically, with what the fit measured.</summary>
    void Save(int round, IArchitectureOptimizer optimizer, OptimizerFitReport report);
}
