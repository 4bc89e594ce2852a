namespace Nao.Strategies;

/// <summary>Keeps no checkpoints: every round fits. For searches that are not stored (comparisons, tests).</summary>
public sealed class NoCheckpoints : IOptimizerCheckpoints
{
    /// <inheritdoc />
    public bool TryLoad(FitBinding binding, IArchitectureOptimizer optimizer) => false;

    /// <inheritdoc />
    public void Save(FitBinding binding, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        // Nothing to keep.
    }
}
