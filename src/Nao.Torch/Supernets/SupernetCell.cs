using Nao.Genotypes;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// One cell position of the <see cref="ConvSupernet"/>: the weights of every candidate op of every branch of every
/// node, of which a forward pass runs only those the given <see cref="Cell"/> picks.
/// <list type="bullet">
/// <item>Branch ops are held per (node k, branch side, input i in 0..k+1, op): an op with parameters (separable
/// convolutions, a strided identity's factorized reduction) has its own weights for each such slot, as NAO-WS's
/// per-input weights; parameterless ops (pools, the stride-1 identity) are one module per stride.</item>
/// <item>Inputs are preprocessed as <see cref="Networks.ConvCell"/> does: h[-2] by a factorized reduction when the
/// previous cell reduced, else a 1×1 ReLU-conv-BN where its channel count differs; h[-1] likewise. In a reduction
/// cell branches that read a cell input (0, 1) have stride 2.</item>
/// <item>The output has a fixed C channels whatever the loose ends: ReLU, then a 1×1 convolution whose weight
/// [C, B·C, 1, 1] holds one [C, C] slice per node, of which the loose ends' slices are used, then BN (ENAS, NAO-WS).</item>
/// </list>
/// Every batch norm is of the supernets' kind (<see cref="BatchNorms"/>). Inputs [N, C0, H0, W0] and [N, C1, H, W]
/// with H0 = H or 2H; output [N, C, H/s, W/s] with s = 2 in a reduction cell, else 1.
/// </summary>
internal sealed class SupernetCell : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> preprocess0;
    private readonly nn.Module<Tensor, Tensor> preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> ops;
    private readonly Parameter combine;
    private readonly BatchNorm2d combineBn;
    private readonly int[] slots;
    private readonly int[] operationIndex;
    private readonly int nodes;
    private readonly int candidates;
    private readonly long channels;

    /// <summary>Builds the cell's weights.</summary>
    /// <param name="operations">The candidate ops.</param>
    /// <param name="nodes">B, nodes per cell.</param>
    /// <param name="reduction">Whether branches reading a cell input have stride 2.</param>
    /// <param name="input0Channels">Channels of h[-2].</param>
    /// <param name="input0Larger">Whether h[-2] has twice h[-1]'s spatial size (the previous cell reduced).</param>
    /// <param name="input1Channels">Channels of h[-1].</param>
    /// <param name="channels">C, the channel count of every node and of the output.</param>
    public SupernetCell(IReadOnlyList<CellOperation> operations, int nodes, bool reduction, long input0Channels, bool input0Larger,
                        long input1Channels, long channels) : base(nameof(SupernetCell))
    {
        IsReduction = reduction;
        this.nodes = nodes;
        this.channels = channels;
        candidates = operations.Count;
        preprocess0 = input0Larger
            ? new FactorizedReduction(input0Channels, channels, applyRelu: true, batchStatistics: true)
            : input0Channels != channels ? new ReluConvBn(input0Channels, channels, 1, 1, 0, batchStatistics: true) : nn.Identity();
        preprocess1 = input1Channels != channels ? new ReluConvBn(input1Channels, channels, 1, 1, 0, batchStatistics: true) : nn.Identity();

        operationIndex = Enumerable.Repeat(-1, Enum.GetValues<CellOperation>().Length).ToArray();
        for (var o = 0; o < operations.Count; o++) operationIndex[(int)operations[o]] = o;
        ops = new ModuleList<nn.Module<Tensor, Tensor>>();
        var shared = new Dictionary<(CellOperation, long), int>();
        var table = new List<int>();
        for (var k = 0; k < nodes; k++)
        {
            for (var side = 0; side < 2; side++)
            {
                for (var input = 0; input < k + 2; input++)
                {
                    var stride = reduction && input < 2 ? 2 : 1;
                    foreach (var op in operations)
                    {
                        if (HasParameters(op, stride))
                        {
                            table.Add(ops.Count);
                            ops.Add(OperationFactory.Create(op, channels, stride, batchStatistics: true));
                        }
                        else
                        {
                            if (!shared.TryGetValue((op, stride), out var index))
                            {
                                index = ops.Count;
                                shared[(op, stride)] = index;
                                ops.Add(OperationFactory.Create(op, channels, stride, batchStatistics: true));
                            }
                            table.Add(index);
                        }
                    }
                }
            }
        }
        slots = [.. table];
        combine = new Parameter(torch.empty(channels, nodes * channels, 1, 1));
        combineBn = BatchNorms.Create(channels, batchStatistics: true);
        RegisterComponents();
    }

    /// <summary>Whether this is a reduction cell.</summary>
    public bool IsReduction { get; }

    /// <summary>Channels of the output: C.</summary>
    public long OutputChannels => channels;

    /// <summary>The module that runs op <paramref name="operation"/> on input <paramref name="input"/> of node <paramref name="node"/>'s branch <paramref name="side"/> (0 = first).</summary>
    public nn.Module<Tensor, Tensor> Operation(int node, int side, int input, CellOperation operation)
    {
        var o = operationIndex[(int)operation];
        if (o < 0) throw new ArgumentException($"The supernet has no weights for op {operation.Name()}.", nameof(operation));
        if (node < 0 || node >= nodes || side is not (0 or 1) || input < 0 || input > node + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"No branch slot for node {node}, side {side}, input {input}.");
        }
        // Slots are laid out node by node; node j has 2·(j+2) inputs over its two sides.
        var before = 0;
        for (var j = 0; j < node; j++) before += 2 * (j + 2);
        return ops[slots[(before + side * (node + 2) + input) * candidates + o]];
    }

    /// <summary>Runs the cell of architecture <paramref name="cell"/> on the two inputs.</summary>
    public Tensor Forward(Tensor input0, Tensor input1, Cell cell)
    {
        // A nested scope frees the cell's intermediates as soon as the cell is done (shared/TORCHSHARP.md);
        // autograd keeps its own references to what backward needs.
        using var scope = torch.NewDisposeScope();
        var states = new List<Tensor>(2 + nodes) { preprocess0.call(input0), preprocess1.call(input1) };
        for (var k = 0; k < cell.Nodes.Length; k++)
        {
            var node = cell.Nodes[k];
            var x = Operation(k, 0, node.First.Input, node.First.Operation).call(states[node.First.Input]);
            var y = Operation(k, 1, node.Second.Input, node.Second.Operation).call(states[node.Second.Input]);
            states.Add(x.add(y));
        }
        var looseEnds = cell.LooseEnds;
        var joined = looseEnds.Length == 1 ? states[looseEnds[0]] : torch.cat(looseEnds.Select(i => states[i]).ToList(), 1);
        // The loose ends' [C, C] slices of the combining weight, in the order the ends are concatenated.
        var weight = looseEnds.Length == nodes ? combine
            : torch.cat(looseEnds.Select(i => combine.narrow(1, (i - 2) * channels, channels)).ToList(), 1);
        var output = combineBn.call(nn.functional.conv2d(nn.functional.relu(joined), weight));
        return output.MoveToOuterDisposeScope();
    }

    private static bool HasParameters(CellOperation op, int stride) =>
        op is not (CellOperation.AvgPool3x3 or CellOperation.MaxPool3x3 or CellOperation.AvgPool2x2 or CellOperation.MaxPool2x2
            or CellOperation.AvgPool5x5 or CellOperation.MaxPool5x5)
        && !(op == CellOperation.Identity && stride == 1);
}
