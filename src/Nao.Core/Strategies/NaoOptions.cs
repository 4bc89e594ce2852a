namespace Nao.Strategies;

/// <summary>
/// Settings of the NAO search loop (paper Algorithm 1; DESIGN.md sections 1 and 4). The controller's own settings
/// (sizes, λ, epochs, η bound) belong to the optimizer; these decide what it is trained on and asked for.
/// </summary>
public sealed record NaoOptions
{
    /// <summary>
    /// Random architectures evaluated before the first round (the paper's initial pool; 600 there, sized here for
    /// the default budget of 200: 60 random, then 14 rounds of 10). Default: 60.
    /// </summary>
    public int InitialPoolSize { get; init; } = 60;

    /// <summary>
    /// K: the best evaluated architectures used as seeds each round, sorted by score (the official code's unsorted
    /// "top 100" is a known bug, DESIGN.md section 6). Default: 100 (fewer seeds with more candidates each did worse on
    /// NAS-Bench-201: the predictor then screens one region).
    /// </summary>
    public int SeedCount { get; init; } = 100;

    /// <summary>
    /// New architectures evaluated per round. When the seeds give more, those with the highest predicted score are
    /// kept (so K × <see cref="CandidatesPerSeed"/> above this screens candidates with the predictor); when they give
    /// fewer, unseen random architectures fill the round (recorded as such). Default: 10 (more, shorter rounds did better
    /// on NAS-Bench-201 than 20 or 50 per round at a budget of 200, and 5 no better than 10; see the README).
    /// </summary>
    public int ProposalsPerRound { get; init; } = 10;

    /// <summary>
    /// Candidates each seed contributes before the predictor screens them: the seed's first 1, 2, … new architectures
    /// along its Eq. 2 path of growing η (each call marks the earlier ones known). The round keeps the
    /// <see cref="ProposalsPerRound"/> candidates with the highest predicted score. Default: 10 (on NAS-Bench-201, mean
    /// regret over seeds 0-4 fell from 0.062 with 1 to 0.033 with 3, 0.025 with 6 and 0 with 10; README).
    /// </summary>
    public int CandidatesPerSeed { get; init; } = 10;

    /// <summary>Screening by the controller's own predictor, f(E(x)): the value of <see cref="Screening"/> that Algorithm 1 uses.</summary>
    public const string ControllerScreening = "controller";

    /// <summary>Screening by the mean of an ensemble of MLP predictors (BANANAS' ensemble) fitted on every evaluated architecture.</summary>
    public const string EnsembleScreening = "ensemble";

    /// <summary>Screening by an independent Thompson sample of that ensemble: a normal draw from its mean and spread per candidate.</summary>
    public const string ThompsonScreening = "thompson";

    /// <summary>The values <see cref="Screening"/> accepts.</summary>
    public static IReadOnlyList<string> ScreeningValues { get; } = [ControllerScreening, EnsembleScreening, ThompsonScreening];

    /// <summary>
    /// What ranks a round's candidates when the seeds give more than <see cref="ProposalsPerRound"/>:
    /// <see cref="ControllerScreening"/> (the controller's predicted score after the step), <see cref="EnsembleScreening"/>
    /// (an ensemble of small MLPs, fitted each round on everything evaluated, with the BANANAS settings; a second
    /// predictor that does not share the controller's embedding), or <see cref="ThompsonScreening"/> (that ensemble with
    /// its spread as uncertainty: NAO's predictor is a point estimate). The controller still makes every candidate.
    /// Default: <see cref="ControllerScreening"/> (on NAS-Bench-201 seeds 0-9 Thompson screening's regret at 100
    /// evaluations, 0.140 ± 0.035, was inside one standard error of the default's 0.170 ± 0.038, and 200 was not
    /// measured; docs/small-budgets.md).
    /// </summary>
    public string Screening { get; init; } = ControllerScreening;

    /// <summary>Whether <see cref="Screening"/> needs the predictor ensemble.</summary>
    public bool UsesEnsemble() => Screening is EnsembleScreening or ThompsonScreening;

    /// <summary>Checks the values; the message names the option and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (InitialPoolSize < 2) throw new ArgumentException($"The NAO initial pool must hold at least 2 architectures (the predictor needs two scores to rank); got {InitialPoolSize}.");
        if (SeedCount < 1) throw new ArgumentException($"The NAO seed count K must be at least 1; got {SeedCount}.");
        if (CandidatesPerSeed < 1) throw new ArgumentException($"The NAO candidates per seed must be at least 1; got {CandidatesPerSeed}.");
        if (ProposalsPerRound < 1) throw new ArgumentException($"The NAO proposals per round must be at least 1; got {ProposalsPerRound}.");
        if (!ScreeningValues.Contains(Screening)) throw new ArgumentException($"Unknown NAO screening '{Screening}'; use one of {string.Join(", ", ScreeningValues)}.");
    }
}
