namespace Nao.Genotypes;

/// <summary>The activations a recurrent cell node can apply (ENAS/NAO order).</summary>
public enum RecurrentActivation
{
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Rectified linear unit.</summary>
    Relu,
    /// <summary>No activation.</summary>
    Identity,
    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
}

/// <summary>Names of <see cref="RecurrentActivation"/> values in architecture strings.</summary>
public static class RecurrentActivationNames
{
    /// <summary>The lower-case name of an activation.</summary>
    public static string Name(this RecurrentActivation activation) => activation.ToString().ToLowerInvariant();

    /// <summary>Parses a name (case-insensitive); returns false for an unknown one.</summary>
    public static bool TryParse(string text, out RecurrentActivation activation)
    {
        activation = default;
        var name = text.Trim();
        if (name.Length == 0 || char.IsDigit(name[0])) return false;
        if (string.Equals(name, "linear", StringComparison.OrdinalIgnoreCase)) name = "identity";
        return Enum.TryParse(name, ignoreCase: true, out activation) && Enum.IsDefined(activation);
    }
}
