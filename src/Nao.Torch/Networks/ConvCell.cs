using Nao.Genotypes;
using Nao.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks;

/// <summary>
/// A cell compiled from a <see cref="Cell"/> (DESIGN.md section 2). The two inputs h[-2], h[-1] are first brought
/// to the cell's channel count C (and h[-2] to h[-1]'s spatial size by a factorized reduction when the previous
/// cell was a reduction cell), as the official NAO code does: a 1×1 ReLU-conv-BN only where the channel count
/// differs. Each node sums its two branches; the output concatenates the loose ends.
/// Inputs [N, C0, H0, W0] and [N, C1, H, W] with H0 = H or 2H; output [N, C·|loose ends|, H/s, W/s] with s = 2 in a
/// reduction cell, else 1.
/// </summary>
public sealed class ConvCell : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> preprocess0;
    private readonly nn.Module<Tensor, Tensor> preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> branches;
    private readonly int[] branchInputs;
    private readonly bool[] droppable;
    private readonly int[] looseEnds;

    /// <summary>Compiles the cell.</summary>
    /// <param name="cell">The cell's genotype.</param>
    /// <param name="reduction">Whether branches that read a cell input use stride 2.</param>
    /// <param name="input0Channels">Channels of h[-2].</param>
    /// <param name="input0Larger">Whether h[-2] has twice h[-1]'s spatial size (the previous cell reduced).</param>
    /// <param name="input1Channels">Channels of h[-1].</param>
    /// <param name="channels">C, the channel count of every node.</param>
    public ConvCell(Cell cell, bool reduction, long input0Channels, bool input0Larger, long input1Channels, long channels)
        : base(nameof(ConvCell))
    {
        ArgumentNullException.ThrowIfNull(cell);
        IsReduction = reduction;
        preprocess0 = input0Larger
            ? new FactorizedReduction(input0Channels, channels, applyRelu: true)
            : input0Channels != channels ? new ReluConvBn(input0Channels, channels, 1, 1, 0) : nn.Identity();
        preprocess1 = input1Channels != channels ? new ReluConvBn(input1Channels, channels, 1, 1, 0) : nn.Identity();

        branches = new ModuleList<nn.Module<Tensor, Tensor>>();
        var inputs = new List<int>();
        var drop = new List<bool>();
        foreach (var node in cell.Nodes)
        {
            foreach (var branch in new[] { node.First, node.Second })
            {
                // In a reduction cell only branches reading the cell inputs (0, 1) reduce; nodes are already small.
                var stride = reduction && branch.Input < 2 ? 2 : 1;
                branches.Add(OperationFactory.Create(branch.Operation, channels, stride));
                inputs.Add(branch.Input);
                drop.Add(!OperationFactory.IsIdentity(branch.Operation));
            }
        }
        branchInputs = [.. inputs];
        droppable = [.. drop];
        looseEnds = [.. cell.LooseEnds];
        OutputChannels = channels * looseEnds.Length;
        RegisterComponents();
    }

    /// <summary>Channels of the output: C times the number of loose ends.</summary>
    public long OutputChannels { get; }

    /// <summary>Whether this is a reduction cell.</summary>
    public bool IsReduction { get; }

    /// <summary>
    /// Keep probability of drop-path for this forward pass, set by the network from depth and progress;
    /// 1 (the default) disables it. Only applies in training mode, and never to identity branches.
    /// </summary>
    public double DropPathKeepProbability { get; set; } = 1.0;

    /// <inheritdoc />
    public override Tensor forward(Tensor input0, Tensor input1)
    {
        // A nested scope frees the cell's intermediates as soon as the cell is done (shared/TORCHSHARP.md).
        using var scope = torch.NewDisposeScope();
        var states = new List<Tensor>(2 + branchInputs.Length / 2) { preprocess0.call(input0), preprocess1.call(input1) };
        for (var b = 0; b < branchInputs.Length; b += 2)
        {
            var x = Branch(b, states[branchInputs[b]]);
            var y = Branch(b + 1, states[branchInputs[b + 1]]);
            states.Add(x.add(y));
            // Free the branch outputs now, as Python's reference counting would; autograd keeps what it needs.
            ReleaseUnlessState(x, states);
            ReleaseUnlessState(y, states);
        }
        var output = looseEnds.Length == 1 ? states[looseEnds[0]] : torch.cat(looseEnds.Select(i => states[i]).ToList(), 1);
        return output.MoveToOuterDisposeScope();
    }

    private static void ReleaseUnlessState(Tensor tensor, List<Tensor> states)
    {
        // An identity branch may hand back its input itself, which later nodes still read.
        if (!states.Any(state => ReferenceEquals(state, tensor))) tensor.Dispose();
    }

    private Tensor Branch(int index, Tensor input)
    {
        var output = branches[index].call(input);
        if (!training || DropPathKeepProbability >= 1.0 || !droppable[index]) return output;
        return DropPath.Apply(output, DropPathKeepProbability);
    }
}
