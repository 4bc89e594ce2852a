namespace Nao.Genotypes;

/// <summary>
/// A cell node: the sum of two branches. The branches are stored in canonical order (<see cref="CellBranch.CompareTo"/>),
/// because a node whose branches are swapped is the same node (DESIGN.md section 2).
/// </summary>
public readonly record struct CellNode
{
    /// <summary>Creates a node; the two branches may be given in either order.</summary>
    public CellNode(CellBranch a, CellBranch b)
    {
        (First, Second) = a.CompareTo(b) <= 0 ? (a, b) : (b, a);
    }

    /// <summary>The branch that sorts first.</summary>
    public CellBranch First { get; }

    /// <summary>The branch that sorts second.</summary>
    public CellBranch Second { get; }

    /// <summary>The node as <c>(input,op)+(input,op)</c>.</summary>
    public override string ToString() => $"{First}+{Second}";
}
