using System.Text.Json.Nodes;
using Nao.Genotypes;

namespace Nao.Strategies;

/// <summary>
/// An architecture a strategy asks to be evaluated, with the round it belongs to and the strategy's own record of
/// why (for NAO: the seed, η and the predicted scores; for evolution: the parent). The record is stored with the trial.
/// </summary>
/// <param name="Genotype">The architecture to evaluate.</param>
/// <param name="Round">The strategy's round: 0 for an initial random pool, then 1, 2, …; strategies without rounds use 0.</param>
/// <param name="Record">Strategy-specific facts as JSON (never null; may be empty).</param>
public sealed record Proposal(Genotype Genotype, int Round, JsonObject Record);
