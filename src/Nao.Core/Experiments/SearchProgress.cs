namespace Nao.Experiments;

/// <summary>Where a search stands after a result was told to the strategy.</summary>
/// <param name="Done">Trials finished and told (ok or failed).</param>
/// <param name="Budget">The total number of evaluations the search may use.</param>
/// <param name="Round">The strategy's round of the last trial (0 = initial pool).</param>
/// <param name="Failed">Trials that failed so far.</param>
/// <param name="Best">The best trial so far, or null while none succeeded.</param>
/// <param name="Last">The trial just told.</param>
/// <param name="Replayed">True when the last trial's result came from the store (a resumed search), not a new evaluation.</param>
/// <param name="Running">The trials being evaluated right now, with their start times (none when null).</param>
public sealed record SearchProgress(int Done, int Budget, int Round, int Failed, Trial? Best, Trial Last, bool Replayed, IReadOnlyList<Trial>? Running = null);
