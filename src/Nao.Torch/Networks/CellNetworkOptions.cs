namespace Nao.Networks;

/// <summary>
/// The shape of a network built from a convolutional genotype (DESIGN.md section 3, the paper's Table 1).
/// Defaults are the paper's final CIFAR-10 network without its regularizers.
/// </summary>
public sealed record CellNetworkOptions
{
    /// <summary>N: normal cells per stage; the network has 3N normal and 2 reduction cells. Default 6.</summary>
    public int Layers { get; init; } = 6;

    /// <summary>F: channels of each node in the first stage, doubled at each reduction. Default 36.</summary>
    public int Filters { get; init; } = 36;

    /// <summary>Channels of the input images (3 for CIFAR, 1 for MNIST). Default 3.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Number of classes. Default 10.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>The stem's 3×3 conv outputs StemMultiplier × F channels. Default 3 (NASNet, NAO).</summary>
    public int StemMultiplier { get; init; } = 3;

    /// <summary>Whether to add the auxiliary head after the second reduction cell. Default false.</summary>
    public bool AuxiliaryHead { get; init; }

    /// <summary>
    /// Drop-path keep probability of the last cell at the end of training; 1 turns drop-path off. Earlier cells
    /// and earlier epochs keep more (linear schedule, <see cref="CellNetwork.Progress"/>). Default 1.
    /// </summary>
    public double DropPathKeepProbability { get; init; } = 1.0;

    /// <summary>Keep probability of the dropout before the classifier; 1 turns it off. Default 1.</summary>
    public double DropoutKeepProbability { get; init; } = 1.0;

    /// <summary>
    /// Whether to run the convolutions in channels-last memory format, which is about 3× faster on CPU
    /// (shared/TORCHSHARP.md); the results are the same up to float rounding. Default true.
    /// </summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>Total number of cells: 3N normal plus 2 reduction cells.</summary>
    public int TotalCells => 3 * Layers + 2;

    /// <summary>Checks every field; the message names the field and the valid range.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Require(Layers >= 1, nameof(Layers), $"must be at least 1 (got {Layers})");
        Require(Filters >= 1, nameof(Filters), $"must be at least 1 (got {Filters})");
        Require(InputChannels >= 1, nameof(InputChannels), $"must be at least 1 (got {InputChannels})");
        Require(Classes >= 2, nameof(Classes), $"must be at least 2 (got {Classes})");
        Require(StemMultiplier >= 1, nameof(StemMultiplier), $"must be at least 1 (got {StemMultiplier})");
        Require(DropPathKeepProbability is > 0 and <= 1, nameof(DropPathKeepProbability), $"must be in (0, 1] (got {DropPathKeepProbability})");
        Require(DropoutKeepProbability is > 0 and <= 1, nameof(DropoutKeepProbability), $"must be in (0, 1] (got {DropoutKeepProbability})");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException($"{name} {problem}.", name);
    }
}
