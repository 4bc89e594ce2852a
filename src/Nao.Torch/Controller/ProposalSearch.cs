using Nao.Genotypes;

namespace Nao.Controller;

/// <summary>The state of one <see cref="NaoController.Propose(IReadOnlyList{Nao.Genotypes.Genotype}, Func{Nao.Genotypes.Genotype, bool}, CancellationToken)"/> call: per seed, the architecture found and the new ones seen on the way.</summary>
internal sealed class ProposalSearch(IReadOnlyList<Genotype> seeds, IReadOnlyList<double> before, Func<Genotype, bool> isKnown)
{
    public IReadOnlyList<Genotype> Seeds { get; } = seeds;

    public IReadOnlyList<double> Before { get; } = before;

    public Func<Genotype, bool> IsKnown { get; } = isKnown;

    /// <summary>Architectures claimed by a seed in this call.</summary>
    public HashSet<Genotype> Proposed { get; } = [];

    /// <summary>Per seed, the first architecture predicted better than it, once found.</summary>
    public ProposalStep?[] Found { get; } = new ProposalStep?[seeds.Count];

    /// <summary>Per seed, the first new architecture of any prediction: the proposal when nothing better is found.</summary>
    public ProposalStep?[] Fallback { get; } = new ProposalStep?[seeds.Count];

    /// <summary>Per seed, the distinct new architectures its whole-sequence first step decoded, with their predictions: the second step's starts.</summary>
    public List<(Genotype Genotype, double Predicted)>[] FirstPath { get; } = [.. seeds.Select(_ => new List<(Genotype, double)>())];

    /// <summary>The seeds with no architecture predicted better yet.</summary>
    public IEnumerable<int> Unimproved => Enumerable.Range(0, Seeds.Count).Where(i => Found[i] is null);
}

/// <summary>An architecture an Eq. 2 step decoded: η, the steps from the seed, and the moved position (null: all).</summary>
internal readonly record struct ProposalStep(Genotype Genotype, double StepSize, int Steps, int? Position);

/// <summary>One η path to walk: its start, the seed it works for, its step count from that seed, the moved position (null: all).</summary>
internal readonly record struct PathStart(Genotype Start, int Owner, int Steps, int? Position);
