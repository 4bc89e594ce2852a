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
}
