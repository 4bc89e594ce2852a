namespace Nao.Experiments.Stopping;

/// <summary>A parametric learning-curve family (Domhan et al. 2015 use these among others).</summary>
public enum CurveFamily
{
    /// <summary>y = a − b·x^(−c): the usual shape of accuracy against epochs.</summary>
    PowerLaw,

    /// <summary>y = a − b·e^(−c·x): saturates faster than a power law.</summary>
    Exponential,

    /// <summary>y = a + b·ln x: never saturates, a pessimist's bound on the others.</summary>
    Logarithmic,
}
