namespace Nao.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>
    /// The loss or gradient norm became NaN or infinite, or the loss stayed far above chance (<see cref="DivergenceRule"/>);
    /// the run stopped there. A search counts this as a failed trial.
    /// </summary>
    Diverged,
}
