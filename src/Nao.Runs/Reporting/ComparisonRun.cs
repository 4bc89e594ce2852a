namespace Nao.Reporting;

/// <summary>One search of a comparison: its strategy and seed, and its best-so-far curve.</summary>
/// <param name="Strategy">The strategy name.</param>
/// <param name="Seed">The seed.</param>
/// <param name="BestSoFar">Entry i: the reference value (the table's noise-free metric, else the score) of the best-scoring trial after i+1 evaluations; NaN before the first success.</param>
/// <param name="Duration">Wall time of the search.</param>
/// <param name="Run">The search's run folder; null when it ran in memory.</param>
public sealed record ComparisonRun(string Strategy, int Seed, IReadOnlyList<double> BestSoFar, TimeSpan Duration, string? Run = null);
