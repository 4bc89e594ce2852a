using Nao.Genotypes;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets.Nb201;

/// <summary>
/// One cell position of the <see cref="Nb201Supernet"/>: NAS-Bench-201's cell (Dong and Yang, ICLR 2020, section 2)
/// with all five ops on each of its six edges, of which a forward pass runs only the one the architecture picks.
/// Node 0 is the cell input; node j (1..3) is the sum of op(j←i)(node i) over i &lt; j; node 3 is the output. Of the
/// ops, only ReLU-conv1×1-BN and ReLU-conv3×3-BN have weights (one set per edge); none, skip and 3×3 average pooling
/// (count_include_pad off, as NAS-Bench-201) are parameterless. Batch norms are the supernets' kind
/// (<see cref="BatchNorms"/>). Input and output [N, C, H, W].
/// </summary>
internal sealed class Nb201SupernetCell : nn.Module
{
    private readonly ModuleList<ReluConvBn> convs;

    /// <summary>Builds the cell's weights for <paramref name="channels"/> channels.</summary>
    public Nb201SupernetCell(long channels) : base(nameof(Nb201SupernetCell))
    {
        convs = new ModuleList<ReluConvBn>();
        for (var edge = 0; edge < Nb201Genotype.EdgeCount; edge++)
        {
            convs.Add(new ReluConvBn(channels, channels, 1, 1, 0, batchStatistics: true));
            convs.Add(new ReluConvBn(channels, channels, 3, 1, 1, batchStatistics: true));
        }
        RegisterComponents();
    }

    /// <summary>The weighted module of an edge's op (conv 1×1 or 3×3), or null for a parameterless op; for tests.</summary>
    public ReluConvBn? Weights(int edge, Nb201Operation op) => op switch
    {
        Nb201Operation.NorConv1x1 => convs[2 * edge],
        Nb201Operation.NorConv3x3 => convs[2 * edge + 1],
        _ => null,
    };

    /// <summary>Runs the cell of <paramref name="genotype"/> on <paramref name="input"/>.</summary>
    public Tensor Forward(Tensor input, Nb201Genotype genotype)
    {
        using var scope = torch.NewDisposeScope();
        var nodes = new Tensor?[4];
        nodes[0] = input;
        var edge = 0;
        for (var j = 1; j <= 3; j++)
        {
            Tensor? sum = null;
            for (var i = 0; i < j; i++, edge++)
            {
                // A zero edge and a zero source add nothing; skipping them keeps memory to the ops that run.
                if (nodes[i] is not { } source) continue;
                var op = genotype.Edges[edge];
                var term = op switch
                {
                    Nb201Operation.None => null,
                    Nb201Operation.SkipConnect => source,
                    Nb201Operation.AvgPool3x3 => nn.functional.avg_pool2d(source, 3, 1, 1, count_include_pad: false),
                    _ => Weights(edge, op)!.call(source),
                };
                if (term is null) continue;
                sum = sum is null ? term : sum + term;
            }
            nodes[j] = sum;
        }
        // An output node no op reaches is zero, as NAS-Bench-201's sums of zero ops are.
        var output = nodes[3] ?? torch.zeros_like(input);
        // The output may be the input itself (one skip chain); give the caller a tensor of its own.
        if (ReferenceEquals(output, input)) output = input.alias();
        return output.MoveToOuterDisposeScope();
    }
}
