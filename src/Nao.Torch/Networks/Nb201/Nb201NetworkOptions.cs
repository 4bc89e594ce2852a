namespace Nao.Networks.Nb201;

/// <summary>
/// The shape of a NAS-Bench-201 network (Dong &amp; Yang, ICLR 2020). Defaults are the benchmark's CIFAR-10 network:
/// N=5 cells per stage, C=16, 32×32 RGB images, 10 classes.
/// </summary>
public sealed record Nb201NetworkOptions
{
    /// <summary>N: cells per stage; the network has 3N cells and 2 residual reduction blocks. Default 5.</summary>
    public int Cells { get; init; } = 5;

    /// <summary>C: channels of the first stage, doubled by each reduction block (C, 2C, 4C). Default 16.</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Side of the square input images; the network itself accepts any size, this sets the cost counter's input. Default 32.</summary>
    public int InputSize { get; init; } = 32;

    /// <summary>Channels of the input images (3 for CIFAR, 1 for MNIST). Default 3.</summary>
    public int InputChannels { get; init; } = 3;

    /// <summary>Number of classes. Default 10.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>
    /// Whether to run the convolutions in channels-last memory format, which is much faster on CPU
    /// (shared/TORCHSHARP.md); the results are the same up to float rounding. Default true.
    /// </summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>The input shape of one image, [1, InputChannels, InputSize, InputSize], for the cost counter.</summary>
    public long[] InputShape => [1, InputChannels, InputSize, InputSize];

    /// <summary>Checks every field; the message names the field and the valid range.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Require(Cells >= 1, nameof(Cells), $"must be at least 1 (got {Cells})");
        Require(Channels >= 1, nameof(Channels), $"must be at least 1 (got {Channels})");
        // Two stride-2 reductions (2×2 average pool in the shortcut) need at least 4 pixels a side.
        Require(InputSize >= 4, nameof(InputSize), $"must be at least 4, because two reductions halve it twice (got {InputSize})");
        Require(InputChannels >= 1, nameof(InputChannels), $"must be at least 1 (got {InputChannels})");
        Require(Classes >= 2, nameof(Classes), $"must be at least 2 (got {Classes})");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition) throw new ArgumentException($"{name} {problem}.", name);
    }
}
