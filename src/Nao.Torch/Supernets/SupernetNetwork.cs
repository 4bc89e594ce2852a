using Nao.Genotypes;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// The shared network of a <see cref="ConvSupernet"/>, laid out as the stand-alone <see cref="Networks.CellNetwork"/>
/// (DESIGN.md section 3): a stem (3×3 conv to 3F channels, BN), N normal cells, a reduction cell, N normal cells, a
/// reduction cell, N normal cells, with C doubled at each reduction; global average pooling and a linear classifier.
/// No auxiliary head, drop-path or dropout. Cell i reads the outputs of cells i-2 and i-1 (the stem's output stands
/// in for both at the start). Input [N, InputChannels, H, W]; output logits [N, Classes].
/// </summary>
internal sealed class SupernetNetwork : nn.Module
{
    private readonly Conv2d stemConv;
    private readonly BatchNorm2d stemBn;
    private readonly ModuleList<SupernetCell> cells;
    private readonly Linear classifier;

    /// <summary>
    /// Builds the network and initializes its weights from <paramref name="seed"/>: Kaiming normal (fan-in, gain √2, as
    /// NAO's networks) for every weight of two or more dimensions, zero for the classifier's bias. The draws come from
    /// a generator of the network's own, not torch's global one, so networks built at once on other threads (parallel
    /// tests, a concurrent evaluator) cannot change them.
    /// </summary>
    public SupernetNetwork(IReadOnlyList<CellOperation> operations, int nodes, int layers, int filters, int inputChannels, int classes, long seed)
        : base(nameof(SupernetNetwork))
    {
        long stemChannels = 3L * filters;
        stemConv = nn.Conv2d(inputChannels, stemChannels, 3, padding: 1, bias: false);
        stemBn = BatchNorms.Create(stemChannels, batchStatistics: true);
        cells = new ModuleList<SupernetCell>();
        var reductions = new[] { layers, 2 * layers + 1 };
        long channels = filters;
        (long Channels, bool Reduced) previous = (stemChannels, false), current = (stemChannels, false);
        for (var i = 0; i < 3 * layers + 2; i++)
        {
            var reduction = reductions.Contains(i);
            if (reduction) channels *= 2;
            var cell = new SupernetCell(operations, nodes, reduction, previous.Channels, input0Larger: current.Reduced, current.Channels, channels);
            cells.Add(cell);
            (previous, current) = (current, (cell.OutputChannels, reduction));
        }
        classifier = nn.Linear(current.Channels, classes);
        RegisterComponents();
        InitializeWeights(seed);
    }

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
            // fan_in = input channels × kernel area; std = √2 / √fan_in (kaiming_normal_ with a = 0).
            var fanIn = parameter.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            using var draw = torch.randn(parameter.shape, generator: generator);
            parameter.copy_(draw.mul_(Math.Sqrt(2.0 / fanIn)));
        }
    }

    /// <summary>The cells in order (3N normal, reductions at positions N and 2N+1).</summary>
    public IReadOnlyList<SupernetCell> Cells => [.. cells];

    /// <summary>Runs architecture <paramref name="genotype"/> on a batch: [N, C, H, W] to logits [N, Classes].</summary>
    public Tensor Forward(Tensor input, ConvGenotype genotype)
    {
        using var scope = torch.NewDisposeScope();
        // Channels-last strides make libtorch's CPU convolutions and pools much faster (shared/TORCHSHARP.md);
        // later layers keep the layout they receive.
        var x = input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        var s0 = stemBn.call(stemConv.call(x));
        var s1 = s0;
        foreach (var cell in cells)
        {
            var next = cell.Forward(s0, s1, cell.IsReduction ? genotype.Reduction : genotype.Normal);
            // h[-2] is read by no later cell: free it now (the stem's output is both inputs of the first cell).
            if (!ReferenceEquals(s0, s1)) s0.Dispose();
            (s0, s1) = (s1, next);
        }
        var pooled = nn.functional.adaptive_avg_pool2d(s1, [1, 1]).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
