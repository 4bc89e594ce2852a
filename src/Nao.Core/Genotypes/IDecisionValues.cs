namespace Nao.Genotypes;

/// <summary>
/// A genotype that can list its decisions by name, e.g. <c>lr = 0.01</c>, <c>edge_1_0 = conv3x3</c>. A command
/// evaluator passes them to the user's script as a JSON object; genotypes without names get <c>p0..pN</c> instead.
/// </summary>
public interface IDecisionValues
{
    /// <summary>Every decision, in the space's order, as name and value text.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Decisions { get; }
}
