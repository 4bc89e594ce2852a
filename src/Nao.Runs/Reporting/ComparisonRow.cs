namespace Nao.Reporting;

/// <summary>A strategy's results at one budget, over its seeds.</summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Budget">Evaluations spent.</param>
/// <param name="Seeds">Searches averaged.</param>
/// <param name="BestMean">Mean best value.</param>
/// <param name="BestSe">Standard error of <paramref name="BestMean"/>.</param>
/// <param name="RegretMean">Mean regret (optimum − best); NaN without an optimum.</param>
/// <param name="RegretSe">Standard error of <paramref name="RegretMean"/>.</param>
public sealed record ComparisonRow(string Strategy, int Budget, int Seeds, double BestMean, double BestSe, double RegretMean, double RegretSe);
