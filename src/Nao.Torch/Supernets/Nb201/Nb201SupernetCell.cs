using Nao.Genotypes;
using Nao.Networks.Nb201;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets.Nb201;

/// <summary>
/// One cell position of the <see cref="Nb201Supernet"/>: NAS-Bench-201's cell (Dong and Yang, ICLR 2020, section 2)
/// with all five ops on each of its six edges, of which a forward pass runs only the one the architecture picks.
/// Node 0 is the cell input; node j (1..3) is the sum of op(j←i)(node i) over i &lt; j; node 3 is the output. Each
/// edge holds the five modules of <see cref="Nb201Edges"/> (the stand-alone network's), of which only ReLU-conv1×1-BN
/// and ReLU-conv3×3-BN have weights; zero edges are skipped, not run. Batch norms are the supernets' kind
/// (<see cref="BatchNorms"/>). Input and output [N, C, H, W].
/// </summary>
internal sealed class Nb201SupernetCell : nn.Module
{
    private static readonly Nb201Operation[] Operations = Enum.GetValues<Nb201Operation>();

    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;

    /// <summary>Builds the cell's weights for <paramref name="channels"/> channels: all five ops on each of the six edges.</summary>
    public Nb201SupernetCell(long channels) : base(nameof(Nb201SupernetCell))
    {
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (var edge = 0; edge < Nb201Genotype.EdgeCount; edge++)
        {
            foreach (var op in Operations) ops.Add(Nb201Edges.Create(op, channels, batchStatistics: true));
        }
        RegisterComponents();
    }

    /// <summary>The module of op <paramref name="op"/> on edge <paramref name="edge"/> (benchmark order).</summary>
    public nn.Module<Tensor, Tensor> Operation(int edge, Nb201Operation op) => ops[edge * Operations.Length + (int)op];

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
                if (Nb201Edges.IsZero(op)) continue;
                var term = Operation(edge, op).call(source);
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
