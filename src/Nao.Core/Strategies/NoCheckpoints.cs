namespace Nao.Strategies;

/// <summary>Keeps no checkpoints: every round fits. For searches that are not stored (comparisons, tests).</summary>
public sealed class NoCheckpoints : IOptimizerCheckpoints
{
    /// <inheritdoc />
    public bool TryLoad(int round, IArchitectureOptimizer optimizer) => false;

    /// <inheritdoc />
    public void Save(int round, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        // Nothing to keep.
    }
}
