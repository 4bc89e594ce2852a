namespace Nao.Training.Recurrent;

/// <summary>How a training run ended.</summary>
public enum LanguageModelTrainingStatus
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>Training diverged (NaN or exploding loss); <see cref="LanguageModelTrainingResult.Message"/> says where and what to change.</summary>
    Failed,
}
