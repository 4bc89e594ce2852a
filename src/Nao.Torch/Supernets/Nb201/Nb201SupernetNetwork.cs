using Nao.Genotypes;
using Nao.Networks.Nb201;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets.Nb201;

/// <summary>
/// The shared network of an <see cref="Nb201Supernet"/>, laid out as NAS-Bench-201's (Dong and Yang, ICLR 2020):
/// a 3×3 convolution stem to C channels with BN; three stages of N cells at C, 2C and 4C channels with a residual
/// reduction block between stages; BN, ReLU, global average pooling and a linear classifier. Every cell runs the one
/// cell of the architecture. Input [N, InputChannels, H, W]; output logits [N, Classes].
/// </summary>
internal sealed class Nb201SupernetNetwork : nn.Module
{
    private readonly Conv2d stemConv;
    private readonly BatchNorm2d stemBn;
    private readonly ModuleList<nn.Module> layers;
    private readonly BatchNorm2d lastBn;
    private readonly Linear classifier;

    /// <summary>
    /// Builds the network and initializes its weights from <paramref name="seed"/> (Kaiming normal for weights of two
    /// or more dimensions, zero biases) with a generator of its own, as <see cref="SupernetNetwork"/> does.
    /// </summary>
    public Nb201SupernetNetwork(int cells, int channels, int inputChannels, int classes, long seed) : base(nameof(Nb201SupernetNetwork))
    {
        stemConv = nn.Conv2d(inputChannels, channels, 3, padding: 1, bias: false);
        stemBn = BatchNorms.Create(channels, batchStatistics: true);
        layers = new ModuleList<nn.Module>();
        long c = channels;
        for (var stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                layers.Add(new Nb201ResidualBlock(c, 2 * c, batchStatistics: true));
                c *= 2;
            }
            for (var i = 0; i < cells; i++) layers.Add(new Nb201SupernetCell(c));
        }
        lastBn = BatchNorms.Create(c, batchStatistics: true);
        classifier = nn.Linear(c, classes);
        RegisterComponents();
        InitializeWeights(seed);
    }

    /// <summary>The cells in order, for tests.</summary>
    public IReadOnlyList<Nb201SupernetCell> Cells => [.. layers.OfType<Nb201SupernetCell>()];

    private void InitializeWeights(long seed)
    {
        using var noGrad = torch.no_grad();
        using var generator = new torch.Generator((ulong)seed);
        foreach (var parameter in parameters())
        {
            if (parameter.dim() < 2)
            {
                parameter.zero_();
                continue;
            }
            var fanIn = parameter.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            using var draw = torch.randn(parameter.shape, generator: generator);
            parameter.copy_(draw.mul_(Math.Sqrt(2.0 / fanIn)));
        }
    }

    /// <summary>Runs <paramref name="genotype"/> on a batch: [N, C, H, W] to logits [N, Classes].</summary>
    public Tensor Forward(Tensor input, Nb201Genotype genotype)
    {
        using var scope = torch.NewDisposeScope();
        // Channels-last strides make libtorch's CPU convolutions and pools faster (shared/TORCHSHARP.md).
        var x = input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        x = stemBn.call(stemConv.call(x));
        foreach (var layer in layers)
        {
            x = layer switch
            {
                Nb201SupernetCell cell => cell.Forward(x, genotype),
                Nb201ResidualBlock block => block.call(x),
                _ => throw new InvalidOperationException($"Unexpected layer {layer.GetName()}."),
            };
        }
        var pooled = nn.functional.adaptive_avg_pool2d(nn.functional.relu(lastBn.call(x)), [1, 1]).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
