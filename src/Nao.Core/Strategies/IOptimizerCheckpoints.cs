namespace Nao.Strategies;

/// <summary>
/// Where the NAO strategy keeps the optimizer's state after each round's fit. A resumed search loads the state of a
/// round instead of fitting again: fitting is deterministic for the round's binding (seed, training data, previous
/// fit), so the loaded state is the one the interrupted search had, and the replayed proposals match the stored trials.
/// </summary>
public interface IOptimizerCheckpoints
{
    /// <summary>
    /// Restores the state saved after the fit that <paramref name="binding"/> describes; false when there is none, or
    /// when the saved state cannot be shown to come from that fit (then the caller fits again, which gives it).
    /// </summary>
    bool TryLoad(FitBinding binding, IArchitectureOptimizer optimizer);

    /// <summary>Saves the state after the fit that <paramref name="binding"/> describes, atomically, with what the fit measured.</summary>
    void Save(FitBinding binding, IArchitectureOptimizer optimizer, OptimizerFitReport report);
}

/// <summary>The one way a strategy fits its optimizer for a round: from the round's checkpoint where it holds that fit.</summary>
public static class OptimizerCheckpointsExtensions
{
    /// <summary>
    /// Loads the state saved after the fit of <paramref name="round"/> on <paramref name="data"/> with
    /// <paramref name="seed"/>, chained to <paramref name="previous"/>; or fits and saves it. Returns the fit's binding,
    /// the previous fit of the next round.
    /// </summary>
    public static FitBinding LoadOrFit(this IOptimizerCheckpoints checkpoints, IArchitectureOptimizer optimizer, int round, int seed,
        IReadOnlyList<ScoredArchitecture> data, FitBinding? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(optimizer);
        var binding = FitBinding.Of(round, seed, data, previous);
        if (!checkpoints.TryLoad(binding, optimizer))
        {
            checkpoints.Save(binding, optimizer, optimizer.Fit(data, seed, cancellationToken));
        }
        return binding;
    }
}
