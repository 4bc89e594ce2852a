namespace Nao.Reporting;

/// <summary>
/// One strategy's curve in <c>compare.png</c>: after each evaluation, the mean over seeds and the band mean ± standard
/// error (regret, or the best value where no optimum is known).
/// </summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Seeds">Searches averaged.</param>
/// <param name="Evaluations">1, 2, … up to the shortest search's length.</param>
/// <param name="Mean">The mean at each evaluation.</param>
/// <param name="Lower">Mean − standard error (regret: not below 0, which no search can go under); the mean with one seed.</param>
/// <param name="Upper">Mean + standard error; the mean with one seed.</param>
public sealed record ComparisonCurve(string Strategy, int Seeds, double[] Evaluations, double[] Mean, double[] Lower, double[] Upper);
