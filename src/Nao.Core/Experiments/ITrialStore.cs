namespace Nao.Experiments;

/// <summary>
/// Where a search keeps its trials. A trial is written as pending before it is evaluated and completed after, so an
/// interrupted search knows which evaluations finished (kept) and which were in progress (rerun).
/// </summary>
public interface ITrialStore
{
    /// <summary>Every stored trial, in index order.</summary>
    IReadOnlyList<Trial> LoadTrials();

    /// <summary>Records a new pending trial (its index is the next one), durably, before it is evaluated.</summary>
    void AddPending(Trial trial);

    /// <summary>Records a trial's result (ok or failed), durably.</summary>
    void Complete(Trial trial);
}
