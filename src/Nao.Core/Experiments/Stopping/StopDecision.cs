namespace Nao.Experiments.Stopping;

/// <summary>Why a rule stopped a trial and what the strategy is told instead of the final score.</summary>
/// <param name="Reason">One line for the run store and the report, e.g. "best 61.2 at step 3 below the median 70.4 of 5 finished".</param>
/// <param name="ToldScore">The score the strategy is told: the last score (median stopping) or the predicted final one (extrapolation).</param>
/// <param name="PredictedScore">The predicted final score, when the rule predicts one; NaN otherwise.</param>
public sealed record StopDecision(string Reason, double ToldScore, double PredictedScore);
