namespace Nao.Evaluation;

/// <summary>Whether an evaluation produced a usable score.</summary>
public enum EvaluationStatus
{
    /// <summary>A finite score was measured.</summary>
    Ok,

    /// <summary>The evaluation failed (exception, NaN or infinite score, timeout); see the error message.</summary>
    Failed,
}
