using Nao.Experiments;
using Nao.Genotypes;
using Nao.Search;

namespace Nao.Cluster.Worker;

/// <summary>A request that passed every check, with its paths resolved on this worker.</summary>
/// <param name="Options">The evaluator's settings with paths made absolute inside the data roots.</param>
/// <param name="Genotype">The architecture; null when only the settings were checked.</param>
/// <param name="EvaluatorKey">The settings as compact JSON: requests with equal keys share one evaluator.</param>
/// <param name="Fidelity">The fidelity a multi-fidelity scheduler chose (positive and finite), or null for the full one.</param>
public sealed record ValidatedRequest(SearchOptions Options, Genotype? Genotype, string EvaluatorKey, double? Fidelity = null);
