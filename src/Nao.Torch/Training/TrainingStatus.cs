namespace Nao.Training;

/// <summary>How a training run ended.</summary>
public enum TrainingStatus
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite; the run stopped there. A search counts this as a failed trial.</summary>
    Diverged,
}
