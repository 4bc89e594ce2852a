namespace Nao.Genotypes;

/// <summary>A searched node of a recurrent cell: the node it reads (0 = the input mixing node) and its activation.</summary>
public readonly record struct RecurrentNode(int Predecessor, RecurrentActivation Activation)
{
    /// <summary>The node as <c>predecessor:activation</c>.</summary>
    public override string ToString() => $"{Predecessor}:{Activation.Name()}";
}
