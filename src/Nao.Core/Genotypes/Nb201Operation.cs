namespace Nao.Genotypes;

/// <summary>The five edge operations of NAS-Bench-201, in the benchmark's own order.</summary>
public enum Nb201Operation
{
    /// <summary>Zero: the edge is absent.</summary>
    None,
    /// <summary>Identity.</summary>
    SkipConnect,
    /// <summary>ReLU, 1×1 convolution, batch norm.</summary>
    NorConv1x1,
    /// <summary>ReLU, 3×3 convolution, batch norm.</summary>
    NorConv3x3,
    /// <summary>3×3 average pooling.</summary>
    AvgPool3x3,
}

/// <summary>NAS-Bench-201's names for <see cref="Nb201Operation"/>.</summary>
public static class Nb201OperationNames
{
    private static readonly string[] Names = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    /// <summary>All names in benchmark order.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>The benchmark's name of an operation.</summary>
    public static string Name(this Nb201Operation op) => Names[(int)op];

    /// <summary>Parses a benchmark name; returns false for an unknown one.</summary>
    public static bool TryParse(string text, out Nb201Operation op)
    {
        var index = Array.IndexOf(Names, text.Trim().ToLowerInvariant());
        op = (Nb201Operation)Math.Max(index, 0);
        return index >= 0;
    }
}
