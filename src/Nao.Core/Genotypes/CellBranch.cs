namespace Nao.Genotypes;

/// <summary>
/// One branch of a cell node: an input (0 and 1 are the cell inputs h[-2] and h[-1]; 2.. are earlier nodes) and
/// the operation applied to it.
/// </summary>
public readonly record struct CellBranch(int Input, CellOperation Operation) : IComparable<CellBranch>
{
    /// <summary>Orders by input, then operation; used to put a node's two branches in canonical order.</summary>
    public int CompareTo(CellBranch other) =>
        Input != other.Input ? Input.CompareTo(other.Input) : Operation.CompareTo(other.Operation);

    /// <summary>The branch as <c>(input,op)</c>.</summary>
    public override string ToString() => $"({Input},{Operation.Name()})";
}
