using Nao.Genotypes;

namespace Nao.Controller;

/// <summary>The state of one <see cref="NaoController.Propose"/> call: per seed, the architecture found and the first new one seen.</summary>
internal sealed class ProposalSearch(IReadOnlyList<Genotype> seeds, IReadOnlyList<double> before, Func<Genotype, bool> isKnown)
{
    public IReadOnlyList<Genotype> Seeds { get; } = seeds;

    public IReadOnlyList<double> Before { get; } = before;

    public Func<Genotype, bool> IsKnown { get; } = isKnown;

    public HashSet<Genotype> Proposed { get; } = [];

    public (Genotype Genotype, double StepSize, int Steps)?[] Found { get; } = new (Genotype, double, int)?[seeds.Count];

    public (Genotype Genotype, double StepSize, int Steps)?[] Fallback { get; } = new (Genotype, double, int)?[seeds.Count];
}
