using Nao.Strategies;

namespace Nao.Controller;

/// <summary>What <see cref="ControllerEvaluation.Run"/> measured on a tabular benchmark.</summary>
/// <param name="Benchmark">Where the table came from.</param>
/// <param name="Metric">The table column used as the score.</param>
/// <param name="Seed">The seed of the split and of the fit.</param>
/// <param name="Train">Training architectures.</param>
/// <param name="Test">Held-out architectures.</param>
/// <param name="Options">The controller settings used.</param>
/// <param name="Fit">The fit's final losses and time.</param>
/// <param name="Quality">The quality measures on the held-out architectures.</param>
/// <param name="Seeds">Seeds of the optimization step: the best training architectures by true score.</param>
/// <param name="SeedsImproved">Seeds whose proposal has a higher predicted score f(E(x')) than the seed's f(E(x)).</param>
/// <param name="SeedsImprovable">Seeds for which the table holds an architecture outside the training set that the predictor rates above the seed: the most <paramref name="SeedsImproved"/> could be.</param>
/// <param name="SeedsImprovedInOneStep">Of <paramref name="SeedsImproved"/>, those improved by one Eq. 2 step from the seed (the rest took <see cref="ControllerOptions.SecondStep"/>).</param>
/// <param name="SeedsImprovedByPositionSteps">Of <paramref name="SeedsImprovedInOneStep"/>, those whose step moved one position's output (<see cref="ControllerOptions.PositionSteps"/>) rather than all.</param>
/// <param name="Proposals">Proposals returned (at most one per seed).</param>
/// <param name="ProposalsNewAndValid">Proposals that are valid architectures of the space, not in the training set, and distinct.</param>
/// <param name="MeanStepSize">The mean η of the proposals.</param>
/// <param name="MeanTrueGain">The mean of (true score of the proposal − true score of its seed) where the table has both; NaN when none.</param>
/// <param name="Duration">Wall time of the whole evaluation.</param>
public sealed record ControllerEvaluationReport(
    string Benchmark, string Metric, int Seed, int Train, int Test, ControllerOptions Options, OptimizerFitReport Fit,
    ControllerQuality Quality, int Seeds, int SeedsImproved, int SeedsImprovable, int SeedsImprovedInOneStep, int SeedsImprovedByPositionSteps, int Proposals, int ProposalsNewAndValid, double MeanStepSize,
    double MeanTrueGain, TimeSpan Duration);
