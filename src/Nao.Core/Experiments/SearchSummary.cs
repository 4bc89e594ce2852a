namespace Nao.Experiments;

/// <summary>What a search did.</summary>
/// <param name="Trials">Every trial, in index order.</param>
/// <param name="Best">The best successful trial, or null when none succeeded.</param>
/// <param name="Evaluated">Evaluations run by this call (a resumed search does not count the replayed ones).</param>
/// <param name="Replayed">Finished trials taken from the store instead of evaluated again.</param>
/// <param name="Exhausted">True when the strategy stopped before the budget because it had nothing new to propose.</param>
/// <param name="Duration">Wall time of this call.</param>
public sealed record SearchSummary(IReadOnlyList<Trial> Trials, Trial? Best, int Evaluated, int Replayed, bool Exhausted, TimeSpan Duration)
{
    /// <summary>Trials that failed.</summary>
    public int Failed => Trials.Count(t => t.Status == TrialStatus.Failed);

    /// <summary>
    /// The summary of a finished run read back from its store without running anything: every trial counts as
    /// replayed, and the best is chosen as the loop chooses it (the first of the highest scores).
    /// </summary>
    public static SearchSummary FromStored(IReadOnlyList<Trial> trials, int budget)
    {
        Trial? best = null;
        foreach (var trial in trials)
        {
            if (trial.Status == TrialStatus.Ok && (best is null || trial.Score > best.Score)) best = trial;
        }
        return new SearchSummary(trials, best, 0, trials.Count, trials.Count < budget, TimeSpan.Zero);
    }
}
