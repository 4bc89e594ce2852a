using Nao.Genotypes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks;

/// <summary>
/// The network built from a convolutional genotype (DESIGN.md section 3, the paper's Table 1): a stem (3×3 conv to
/// StemMultiplier·F channels, BN); N normal cells, a reduction cell, N normal cells, a reduction cell, N normal
/// cells, with the node channel count F doubled at each reduction; global average pooling, dropout and a linear
/// classifier; optionally the auxiliary head after the second reduction cell. Cell i reads the outputs of cells
/// i-2 and i-1 (the stem's output stands in for both at the start).
/// Input [N, InputChannels, H, W]; output logits [N, Classes] (and auxiliary logits in training mode).
/// </summary>
public sealed class CellNetwork : nn.Module<Tensor, NetworkOutput>
{
    private readonly Conv2d stemConv;
    private readonly BatchNorm2d stemBn;
    private readonly ModuleList<ConvCell> cells;
    private readonly AuxiliaryHead? auxiliaryHead;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly int auxiliaryIndex;
    private readonly bool channelsLast;
    private readonly double dropPathKeep;

    /// <summary>Builds the network and initializes every weight of two or more dimensions with Kaiming normal, as NAO does.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public CellNetwork(ConvGenotype genotype, CellNetworkOptions options) : base(nameof(CellNetwork))
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Genotype = genotype;
        Options = options;
        channelsLast = options.ChannelsLast;
        dropPathKeep = options.DropPathKeepProbability;

        long stemChannels = options.StemMultiplier * options.Filters;
        stemConv = nn.Conv2d(options.InputChannels, stemChannels, 3, padding: 1, bias: false);
        stemBn = nn.BatchNorm2d(stemChannels);

        cells = new ModuleList<ConvCell>();
        var reductions = new[] { options.Layers, 2 * options.Layers + 1 };
        auxiliaryIndex = reductions[1];
        long channels = options.Filters;
        (long Channels, bool Reduced) previous = (stemChannels, false), current = (stemChannels, false);
        for (var i = 0; i < options.TotalCells; i++)
        {
            var reduction = reductions.Contains(i);
            if (reduction) channels *= 2;
            var cell = new ConvCell(reduction ? genotype.Reduction : genotype.Normal, reduction,
                previous.Channels, input0Larger: current.Reduced, current.Channels, channels);
            cells.Add(cell);
            (previous, current) = (current, (cell.OutputChannels, reduction));
            if (i == auxiliaryIndex && options.AuxiliaryHead) auxiliaryHead = new AuxiliaryHead(cell.OutputChannels, options.Classes);
        }
        dropout = nn.Dropout(1.0 - options.DropoutKeepProbability);
        classifier = nn.Linear(current.Channels, options.Classes);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The architecture the network was built from.</summary>
    public ConvGenotype Genotype { get; }

    /// <summary>The options the network was built with.</summary>
    public CellNetworkOptions Options { get; }

    /// <summary>
    /// Training progress in [0, 1] that scales drop-path; the trainer sets it to (epoch + 1) / epochs at the start of
    /// each epoch, as NAO's code does. Default 0.
    /// </summary>
    public double Progress { get; set; }

    /// <summary>The cells in order (3N normal, reductions at positions N and 2N+1).</summary>
    public IReadOnlyList<ConvCell> Cells => [.. cells];

    /// <summary>Number of trainable parameters; the auxiliary head counts only when asked for.</summary>
    public long ParameterCount(bool includeAuxiliaryHead = false) =>
        named_parameters()
            .Where(p => includeAuxiliaryHead || !p.name.StartsWith(nameof(auxiliaryHead) + ".", StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());

    /// <inheritdoc />
    public override NetworkOutput forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        // Channels-last strides make libtorch's CPU convolutions and pools much faster (shared/TORCHSHARP.md);
        // later layers keep the layout they receive.
        var x = channelsLast ? input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : input;
        var s0 = stemBn.call(stemConv.call(x));
        var s1 = s0;
        Tensor? auxiliary = null;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            cell.DropPathKeepProbability = dropPathKeep >= 1.0 ? 1.0 : DropPath.KeepProbability(dropPathKeep, i, cells.Count, Progress);
            var next = cell.call(s0, s1);
            // h[-2] is read by no later cell: free it now rather than at the end of the forward pass, as Python
            // would (the stem's output is both inputs of the first cell, so it goes one cell later).
            if (!ReferenceEquals(s0, s1)) s0.Dispose();
            (s0, s1) = (s1, next);
            if (i == auxiliaryIndex && auxiliaryHead is not null && training) auxiliary = auxiliaryHead.call(s1);
        }
        var pooled = nn.functional.adaptive_avg_pool2d(s1, [1, 1]).flatten(1);
        var logits = classifier.call(dropout.call(pooled));
        return new NetworkOutput(logits.MoveToOuterDisposeScope(), auxiliary?.MoveToOuterDisposeScope());
    }

    private void InitializeWeights()
    {
        using var noGrad = torch.no_grad();
        foreach (var parameter in parameters())
        {
            if (parameter.dim() >= 2) nn.init.kaiming_normal_(parameter);
        }
    }
}
