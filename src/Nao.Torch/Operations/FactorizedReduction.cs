using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Operations;

/// <summary>
/// Factorized reduction (DESIGN.md section 2): two stride-2 1×1 convolutions, the second on the input shifted by
/// one pixel right and down, concatenated channel-wise, then batch norm. It halves the spatial size where an
/// identity branch has stride 2, and brings h[-2] to the size of h[-1] after a reduction cell.
/// Input [N, Cin, H, W]; output [N, Cout, ⌈H/2⌉, ⌈W/2⌉].
/// </summary>
public sealed class FactorizedReduction : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d path1;
    private readonly Conv2d path2;
    private readonly BatchNorm2d bn;
    private readonly bool relu;

    /// <summary>
    /// Creates the op. <paramref name="applyRelu"/> puts a ReLU in front, as the cell-input preprocessing does;
    /// a strided identity branch has none (official NAO code). <paramref name="batchStatistics"/> selects the
    /// supernets' batch norm (<see cref="BatchNorms.Create"/>).
    /// </summary>
    public FactorizedReduction(long inChannels, long outChannels, bool applyRelu, bool batchStatistics = false) : base(nameof(FactorizedReduction))
    {
        // An odd channel count is split as ⌊C/2⌋ + ⌈C/2⌉ so that any F works. The stride 2 is applied by
        // subsampling in forward (StridedPointwise says why); the weights are those of a stride-2 1×1 conv.
        path1 = nn.Conv2d(inChannels, outChannels / 2, 1, bias: false);
        path2 = nn.Conv2d(inChannels, outChannels - outChannels / 2, 1, bias: false);
        bn = BatchNorms.Create(outChannels, batchStatistics);
        relu = applyRelu;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var activated = relu ? nn.functional.relu(input) : null;
        var x = activated ?? input;
        // Path 1 reads pixels (2i, 2j); path 2 the grid shifted by one pixel, (2i+1, 2j+1), where a zero row and
        // column padded at the bottom and right stand in for pixels past an odd edge.
        using var even = StridedPointwise.Subsample(x, 2, 2);
        using var padded = nn.functional.pad(x, stackalloc long[] { 0, 1, 0, 1 });
        using var odd = StridedPointwise.Subsample(padded, 2, 2, offset: 1);
        using var a = path1.call(even);
        using var b = path2.call(odd);
        using var joined = torch.cat([a, b], 1);
        return bn.call(joined);
    }
}
