using System.Numerics;
using System.Text;

namespace Nao.SearchSpaces.Files;

/// <summary>A piece of a rendered text: a literal, or the value at a token position.</summary>
internal readonly record struct LayoutSegment(string? Literal, int Position)
{
    public static LayoutSegment Of(string literal) => new(literal, -1);

    public static LayoutSegment Slot(int position) => new(null, position);
}

/// <summary>One instance of an interchangeable repetition: members of equal length starting at these positions.</summary>
internal sealed record GroupInstance(int[] MemberStarts, int MemberLength);

/// <summary>
/// A space file expanded into a flat token layout: one position per decision instance, the canonical text as
/// literals and slots, the interchangeable groups (inner before outer), and the groups of each top-level item.
/// </summary>
internal sealed partial class SpaceLayout
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string[] Operations { get; init; }
    public required ValueList[] Lists { get; init; }

    /// <summary>Per position, the decision's path, e.g. <c>normal.node0.branch1.op</c>.</summary>
    public required string[] Paths { get; init; }

    /// <summary>Per position, the value list it picks from.</summary>
    public required ValueList[] PositionLists { get; init; }

    /// <summary>Per position, the valid tokens in increasing order.</summary>
    public required int[][] Valid { get; init; }

    /// <summary>The canonical text, with consecutive literals merged.</summary>
    public required LayoutSegment[] Text { get; init; }

    /// <summary>One display line per top-level item.</summary>
    public required LayoutSegment[][] DisplayLines { get; init; }

    /// <summary>Interchangeable groups, inner ones first, so sorting them in order canonicalizes bottom-up.</summary>
    public required GroupInstance[] Groups { get; init; }

    /// <summary>Per top-level item, the indices of its groups (outermost level of nesting counted too).</summary>
    public required int[][] UnitGroups { get; init; }

    /// <summary>The number of distinct canonical architectures.</summary>
    public required BigInteger Size { get; init; }

    public int Length => Paths.Length;

    public int VocabularySize => 1 + Lists.Sum(l => l.Values.Length);

    private (ValueList List, int Index)[]? _byToken;

    /// <summary>The list and value index of a token id (1..VocabularySize-1).</summary>
    public (ValueList List, int Index) Value(int token)
    {
        _byToken ??= [default, .. Lists.SelectMany(l => Enumerable.Range(0, l.Values.Length).Select(i => (l, i)))];
        return _byToken[token];
    }

    /// <summary>Sorts the members of every interchangeable group into canonical order, inner groups first.</summary>
    public void Canonicalize(int[] tokens)
    {
        foreach (var group in Groups)
        {
            var members = group.MemberStarts.Select(s => tokens.AsSpan(s, group.MemberLength).ToArray()).ToList();
            members.Sort(CompareMembers);
            for (var m = 0; m < members.Count; m++) members[m].CopyTo(tokens, group.MemberStarts[m]);
        }
    }

    /// <summary>The text of a token sequence, for the canonical form or a display line.</summary>
    public string Render(IReadOnlyList<int> tokens, IEnumerable<LayoutSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Literal is not null) text.Append(segment.Literal);
            else text.Append(ValueText(tokens[segment.Position]));
        }
        return text.ToString();
    }

    /// <summary>The text of a token's value.</summary>
    public string ValueText(int token)
    {
        var (list, index) = Value(token);
        return list.Values[index];
    }

    private int CompareMembers(int[] a, int[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = Rank(a[i]).CompareTo(Rank(b[i]));
            if (c != 0) return c;
        }
        return 0;
    }

    private int Rank(int token)
    {
        var (list, index) = Value(token);
        return list.SortRank[index];
    }
}
