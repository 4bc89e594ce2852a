using System.Collections.Immutable;
using Nao.Genotypes;

namespace Nao.SearchSpaces.Files;

/// <summary>
/// An architecture of a space defined in a file: one value per decision, in the space's decision order, with the
/// members of interchangeable repetitions already sorted, so equal architectures have equal values and text.
/// Made by <see cref="FileSearchSpace"/> (sample, mutate, parse) and its tokenizer; never built by hand.
/// </summary>
public sealed class DecisionGenotype : Genotype, IDecisionValues
{
    private readonly Lazy<IReadOnlyList<string>> _display;

    internal DecisionGenotype(string spaceName, IReadOnlyList<string> names, IEnumerable<string> values, string canonical, Func<IReadOnlyList<string>> display)
    {
        _display = new Lazy<IReadOnlyList<string>>(display);
        SpaceName = spaceName;
        Names = names;
        Values = [.. values];
        Canonical = canonical;
    }

    /// <summary>The name of the space it belongs to.</summary>
    public string SpaceName { get; }

    /// <summary>The decisions' paths in order, e.g. <c>normal.node0.branch1.op</c> (shared by all genotypes of a space).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The chosen values, one per decision, in the order of <see cref="Names"/>.</summary>
    public ImmutableArray<string> Values { get; }

    /// <inheritdoc />
    public override string Canonical { get; }

    /// <summary>Every decision with its value, by path, for a trial command's JSON.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Decisions => [.. Names.Select((name, i) => KeyValuePair.Create(name, Values[i]))];

    /// <summary>The architecture as <c>nao show</c> prints it: one line per top-level item, with the file's display templates.</summary>
    public IReadOnlyList<string> Display => _display.Value;

    /// <summary>The value of a decision by its path.</summary>
    /// <exception cref="KeyNotFoundException">No decision has that path.</exception>
    public string this[string name]
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
            {
                if (Names[i] == name) return Values[i];
            }
            throw new KeyNotFoundException($"The '{SpaceName}' space has no decision '{name}'; e.g. '{Names[0]}'.");
        }
    }
}
