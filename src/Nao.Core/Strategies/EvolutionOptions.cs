namespace Nao.Strategies;

/// <summary>Settings of regularized evolution (Real et al., AAAI 2019).</summary>
public sealed record EvolutionOptions
{
    /// <summary>
    /// The population size P: the first P trials are random, and afterwards each new child pushes out the oldest
    /// member (aging). Default: 20.
    /// </summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>The tournament size S: members drawn at random; the best of them is the parent. Default: 5.</summary>
    public int TournamentSize { get; init; } = 5;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (PopulationSize < 1) throw new ArgumentException($"The evolution population size must be at least 1; got {PopulationSize}.");
        if (TournamentSize < 1 || TournamentSize > PopulationSize)
        {
            throw new ArgumentException($"The evolution tournament size must be between 1 and the population size ({PopulationSize}); got {TournamentSize}.");
        }
    }
}
