using Nao.Genotypes;

namespace Nao.Strategies;

/// <summary>
/// An ensemble of score predictors (BANANAS' ensemble of MLPs) as a strategy sees it: fit on the evaluated
/// architectures, then predict with each member. Core depends only on this interface; Nao.Torch implements it.
/// </summary>
public interface IScoreEnsemble : IDisposable
{
    /// <summary>
    /// Trains every member from scratch on <paramref name="data"/> (raw scores, higher better). Deterministic for a
    /// given <paramref name="seed"/> and data, so a replayed search refits to the same ensemble.
    /// </summary>
    void Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken);

    /// <summary>Each member's predicted raw scores: <c>result[member][architecture]</c>.</summary>
    double[][] Predict(IReadOnlyList<Genotype> architectures);
}
