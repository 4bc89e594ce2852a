namespace Nao.Controller;

/// <summary>How a fit maps the raw scores of its training pool to the predictor's [0, 1] targets (higher better).</summary>
public enum ScoreNormalization
{
    /// <summary>(s − min) / (max − min) over the pool: the paper's and DESIGN.md's choice.</summary>
    MinMax,

    /// <summary>
    /// (rank − 1) / (n − 1) with average ranks for ties: the quantile of each score in the pool. A few very bad
    /// architectures (NAS-Bench-201's 10% cells) no longer squeeze all the others into a narrow band near 1.
    /// </summary>
    Rank,
}
