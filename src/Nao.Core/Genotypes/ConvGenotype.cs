using System.Text.RegularExpressions;

namespace Nao.Genotypes;

/// <summary>
/// A convolutional architecture of the NASNet family: a normal cell and a reduction cell (DESIGN.md section 2).
/// Text form: <c>normal: (0,conv3x3)+(1,avg5x5) … | reduction: (0,conv3x3)+(1,avg2x2) …</c>.
/// </summary>
public sealed partial class ConvGenotype : Genotype
{
    /// <summary>Creates the genotype from its two cells, which must have the same number of nodes.</summary>
    public ConvGenotype(Cell normal, Cell reduction)
    {
        if (normal.Nodes.Length != reduction.Nodes.Length)
        {
            throw new ArchitectureFormatException(
                $"The normal cell has {normal.Nodes.Length} nodes but the reduction cell has {reduction.Nodes.Length}; both need the same number.");
        }
        Normal = normal;
        Reduction = reduction;
        Canonical = $"normal: {normal} | reduction: {reduction}";
    }

    /// <summary>The cell used at stride 1.</summary>
    public Cell Normal { get; }

    /// <summary>The cell that halves the spatial size and doubles the filters.</summary>
    public Cell Reduction { get; }

    /// <inheritdoc />
    public override string Canonical { get; }

    /// <summary>The two cells in order: normal, then reduction.</summary>
    public IReadOnlyList<Cell> Cells => [Normal, Reduction];

    /// <summary>Parses <c>normal: … | reduction: …</c>; the labels are optional, the separator is <c>|</c> or <c>;</c>.</summary>
    /// <exception cref="ArchitectureFormatException">The text is not a convolutional genotype.</exception>
    public static ConvGenotype Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(['|', ';'], StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new ArchitectureFormatException(
                $"A convolutional architecture has two cells separated by '|': 'normal: (0,conv3x3)+(1,avg5x5) … | reduction: …'; got {parts.Length} part(s) in '{text.Trim()}'.");
        }
        var normal = Cell.Parse(StripLabel(parts[0], "normal"));
        var reduction = Cell.Parse(StripLabel(parts[1], "reduction"));
        return new ConvGenotype(normal, reduction);
    }

    private static string StripLabel(string part, string label)
    {
        var match = LabelPattern().Match(part);
        if (!match.Success) return part;
        var found = match.Groups[1].Value;
        if (!label.StartsWith(found, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArchitectureFormatException($"Expected the '{label}:' cell here but found '{found}:'.");
        }
        return part[match.Length..];
    }

    [GeneratedRegex(@"^\s*([A-Za-z]+)\s*[:=]")]
    private static partial Regex LabelPattern();
}
