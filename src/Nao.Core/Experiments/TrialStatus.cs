namespace Nao.Experiments;

/// <summary>Where a trial stands.</summary>
public enum TrialStatus
{
    /// <summary>Asked for and being evaluated (or interrupted while it was; a resumed search reruns it).</summary>
    Pending,

    /// <summary>Evaluated with a finite score.</summary>
    Ok,

    /// <summary>The evaluation failed; the error says why.</summary>
    Failed,

    /// <summary>
    /// Stopped early by a stopping rule: the score is what the strategy was told (the last or the predicted score), the
    /// curve is the partial one, and the error column holds the rule's reason.
    /// </summary>
    Stopped,
}
