using Nao.Genotypes;

namespace Nao.SearchSpaces;

/// <summary>An architecture published in a paper, by the name the paper gives it.</summary>
/// <param name="Name">The paper's name, e.g. <c>NAONet</c>.</param>
/// <param name="Space">The search space it belongs to.</param>
/// <param name="Genotype">The architecture.</param>
/// <param name="Source">Where it comes from and what was reported for it.</param>
public sealed record PublishedArchitecture(string Name, ISearchSpace Space, Genotype Genotype, string Source);
