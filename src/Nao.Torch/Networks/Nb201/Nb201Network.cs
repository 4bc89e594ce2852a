using Nao.Genotypes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks.Nb201;

/// <summary>
/// The NAS-Bench-201 network (Dong &amp; Yang, ICLR 2020) built from an <see cref="Nb201Genotype"/>: a stem (3×3 conv
/// to C channels without bias, BN); N cells at C channels, a residual reduction block to 2C, N cells at 2C, a residual
/// reduction block to 4C, N cells at 4C; BN, ReLU, global average pooling and a linear classifier. Every cell is the
/// same cell. Input [B, InputChannels, H, W]; output logits [B, Classes].
/// </summary>
public sealed class Nb201Network : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d stemConv;
    private readonly BatchNorm2d stemBn;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers;
    private readonly BatchNorm2d lastBn;
    private readonly Linear classifier;
    private readonly bool channelsLast;

    /// <summary>
    /// Builds the network. Weights keep TorchSharp's default initialization, which is PyTorch's, as the benchmark's
    /// networks do (its code sets no initializer).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Nb201Network(Nb201Genotype genotype, Nb201NetworkOptions options) : base(nameof(Nb201Network))
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Genotype = genotype;
        Options = options;
        channelsLast = options.ChannelsLast;
        long channels = options.Channels;
        stemConv = nn.Conv2d(options.InputChannels, channels, 3, padding: 1, bias: false);
        stemBn = nn.BatchNorm2d(channels);
        layers = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (var stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                layers.Add(new Nb201ResidualBlock(channels, 2 * channels));
                channels *= 2;
            }
            for (var i = 0; i < options.Cells; i++) layers.Add(new Nb201Cell(genotype, channels));
        }
        lastBn = nn.BatchNorm2d(channels);
        classifier = nn.Linear(channels, options.Classes);
        RegisterComponents();
    }

    /// <summary>The architecture the network was built from.</summary>
    public Nb201Genotype Genotype { get; }

    /// <summary>The options the network was built with.</summary>
    public Nb201NetworkOptions Options { get; }

    /// <summary>Number of trainable parameters (NAS-Bench-201 reports it in millions as "params (MB)").</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        // Channels-last strides make libtorch's CPU convolutions and pools much faster (shared/TORCHSHARP.md).
        var x = channelsLast ? input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : input;
        x = stemBn.call(stemConv.call(x));
        foreach (var layer in layers) x = layer.call(x);
        var activated = nn.functional.relu(lastBn.call(x));
        var pooled = nn.functional.adaptive_avg_pool2d(activated, [1, 1]).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
