using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Strategies;

/// <summary>
/// The architectures a strategy has already asked for, and unseen random samples from the rest of the space, so
/// that no strategy spends budget on an architecture twice.
/// </summary>
internal sealed class KnownArchitectures(ISearchSpace space)
{
    private readonly HashSet<Genotype> _known = [];

    /// <summary>How many distinct architectures have been asked for.</summary>
    public int Count => _known.Count;

    /// <summary>True when every architecture of the space has been asked for.</summary>
    public bool Exhausted => _known.Count >= space.Size;

    /// <summary>Whether the architecture was asked for already.</summary>
    public bool Contains(Genotype genotype) => _known.Contains(genotype);

    /// <summary>Marks an architecture as asked for; false when it already was.</summary>
    public bool Add(Genotype genotype) => _known.Add(genotype);

    /// <summary>
    /// A uniformly random architecture not asked for yet, or null when the space is exhausted. Rejection sampling:
    /// even the last unseen architecture of NAS-Bench-201 is found within a few hundred thousand cheap draws.
    /// </summary>
    public Genotype? SampleUnseen(Random random)
    {
        while (!Exhausted)
        {
            var candidate = space.Sample(random);
            if (!_known.Contains(candidate)) return candidate;
        }
        return null;
    }
}
