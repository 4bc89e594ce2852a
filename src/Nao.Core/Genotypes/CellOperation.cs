namespace Nao.Genotypes;

/// <summary>
/// The operations a convolutional cell branch can apply (DESIGN.md section 2). The <c>nasnet</c> space uses the
/// 11 plain ops, the <c>enas</c> space the five of the weight-sharing paper; each space lists its own subset.
/// </summary>
public enum CellOperation
{
    /// <summary>Identity (a factorized reduction where the branch has stride 2).</summary>
    Identity,
    /// <summary>ReLU, 1×1 convolution, batch norm.</summary>
    Conv1x1,
    /// <summary>ReLU, 3×3 convolution, batch norm.</summary>
    Conv3x3,
    /// <summary>ReLU, 1×3 then 3×1 convolution, batch norm.</summary>
    Conv1x3And3x1,
    /// <summary>ReLU, 1×7 then 7×1 convolution, batch norm.</summary>
    Conv1x7And7x1,
    /// <summary>2×2 max pooling (pads right and bottom).</summary>
    MaxPool2x2,
    /// <summary>3×3 max pooling.</summary>
    MaxPool3x3,
    /// <summary>5×5 max pooling.</summary>
    MaxPool5x5,
    /// <summary>2×2 average pooling (pads right and bottom, padding excluded from the average).</summary>
    AvgPool2x2,
    /// <summary>3×3 average pooling.</summary>
    AvgPool3x3,
    /// <summary>5×5 average pooling.</summary>
    AvgPool5x5,
    /// <summary>Separable 3×3 convolution: (ReLU, depthwise, pointwise, BN) twice.</summary>
    SepConv3x3,
    /// <summary>Separable 5×5 convolution: (ReLU, depthwise, pointwise, BN) twice.</summary>
    SepConv5x5,
}

/// <summary>Names of <see cref="CellOperation"/> values in architecture strings, with accepted aliases.</summary>
public static class CellOperationNames
{
    private static readonly (CellOperation Op, string Name, string[] Aliases)[] Table =
    [
        (CellOperation.Identity, "identity", ["skip", "skip_connect", "id"]),
        (CellOperation.Conv1x1, "conv1x1", ["conv1", "conv_1x1"]),
        (CellOperation.Conv3x3, "conv3x3", ["conv3", "conv_3x3"]),
        (CellOperation.Conv1x3And3x1, "conv1x3+3x1", ["conv1x3_3x1", "conv_1x3_3x1", "conv13"]),
        (CellOperation.Conv1x7And7x1, "conv1x7+7x1", ["conv1x7_7x1", "conv_7x1_1x7", "conv_1x7_7x1", "conv17"]),
        (CellOperation.MaxPool2x2, "max2x2", ["max2", "max_pool_2x2"]),
        (CellOperation.MaxPool3x3, "max3x3", ["max3", "max_pool_3x3"]),
        (CellOperation.MaxPool5x5, "max5x5", ["max5", "max_pool_5x5"]),
        (CellOperation.AvgPool2x2, "avg2x2", ["avg2", "avg_pool_2x2"]),
        (CellOperation.AvgPool3x3, "avg3x3", ["avg3", "avg_pool_3x3"]),
        (CellOperation.AvgPool5x5, "avg5x5", ["avg5", "avg_pool_5x5"]),
        (CellOperation.SepConv3x3, "sep3x3", ["sep3", "sep_conv_3x3"]),
        (CellOperation.SepConv5x5, "sep5x5", ["sep5", "sep_conv_5x5"]),
    ];

    private static readonly Dictionary<string, CellOperation> ByName = BuildLookup();

    /// <summary>The canonical name of an operation.</summary>
    public static string Name(this CellOperation op) => Table[(int)op].Name;

    /// <summary>Parses a name or alias (case-insensitive); returns false for an unknown name.</summary>
    public static bool TryParse(string text, out CellOperation op) => ByName.TryGetValue(text.Trim(), out op);

    private static Dictionary<string, CellOperation> BuildLookup()
    {
        var lookup = new Dictionary<string, CellOperation>(StringComparer.OrdinalIgnoreCase);
        foreach (var (op, name, aliases) in Table)
        {
            lookup[name] = op;
            foreach (var alias in aliases) lookup[alias] = op;
        }
        return lookup;
    }
}
