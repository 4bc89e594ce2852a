using Nao.Genotypes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nao.Networks.Recurrent;

/// <summary>
/// The ENAS/DARTS recurrent cell compiled from a <see cref="RecurrentGenotype"/> (DESIGN.md sections 2 and 3).
/// Node 0: <c>[c, h] = [x_t, h_{t-1}]·W_0</c>, <c>s_0 = h_{t-1} + σ(c)⊙(tanh(h) − h_{t-1})</c>. Searched node i:
/// <c>[c, h] = s_pred·W_i</c>, <c>s_i = s_pred + σ(c)⊙(f_i(h) − s_pred)</c>. The new hidden state is the mean of nodes 1..N.
/// Variational dropout (one mask per sequence) is applied to x_t (<c>dropoutx</c>) and to h_{t-1} and every node's
/// input (<c>dropouth</c>), as in DARTS.
/// </summary>
public sealed class RecurrentCell : Module<Tensor, Tensor, Tensor>
{
    private readonly Parameter input_weight;
    private readonly Parameter hidden_weight;
    private readonly ParameterList node_weights;
    private readonly int[] _predecessors;
    private readonly RecurrentActivation[] _activations;
    private readonly DropoutMask _inputMask;
    private readonly DropoutMask _hiddenMask;
    private readonly int _inputSize;
    private readonly int _hidden;
    private readonly Generator _generator;
    private readonly Group?[] _groups;
    private readonly Group[] _order;

    /// <summary>
    /// Builds the cell; weights start uniform in ±<paramref name="initRange"/>. Weights and dropout masks are drawn
    /// from <paramref name="generator"/>, which the caller owns and must keep alive as long as the cell.
    /// </summary>
    public RecurrentCell(RecurrentGenotype genotype, int inputSize, int hidden, double inputDropout, double hiddenDropout,
        double initRange, Generator generator) : base(nameof(RecurrentCell))
    {
        ArgumentNullException.ThrowIfNull(genotype);
        _inputSize = inputSize;
        _hidden = hidden;
        _generator = generator;
        _predecessors = [.. genotype.Nodes.Select(n => n.Predecessor)];
        _activations = [.. genotype.Nodes.Select(n => n.Activation)];
        _inputMask = new DropoutMask(inputDropout);
        _hiddenMask = new DropoutMask(hiddenDropout);
        // W_0 of the papers is [E + H, 2H]; it is kept as its x rows and its h rows so that x_t·W_0x can be computed
        // for all time steps in one matrix product (TORCHSHARP.md: input projections for all steps at once).
        input_weight = Uniform([inputSize, 2 * hidden], initRange, generator);
        hidden_weight = Uniform([hidden, 2 * hidden], initRange, generator);
        node_weights = new ParameterList([.. genotype.Nodes.Select(_ => Uniform([hidden, 2 * hidden], initRange, generator))]);
        (_groups, _order) = GroupReaders(_predecessors, _activations);
        RegisterComponents();
    }

    /// <summary>The number of searched nodes N.</summary>
    public int SearchedNodes => _predecessors.Length;

    /// <summary>
    /// Runs the cell over a sequence. <paramref name="inputs"/>: [T, B, E]; <paramref name="hidden"/>: [B, H].
    /// Returns the hidden states of every step, [T, B, H]; the last row is the state to carry to the next batch.
    /// </summary>
    public override Tensor forward(Tensor inputs, Tensor hidden)
    {
        using var scope = NewDisposeScope();
        long steps = inputs.shape[0], batch = inputs.shape[1];
        var xMask = _inputMask.Sample(training, [batch, _inputSize], _generator, inputs.dtype, inputs.device);
        var hMask = _hiddenMask.Sample(training, [batch, _hidden], _generator, inputs.dtype, inputs.device);
        var x = xMask is null ? inputs : inputs * xMask;
        var xProjected = x.reshape(steps * batch, _inputSize).mm(input_weight).view(steps, batch, 2 * _hidden);
        // One weight matrix per node that has readers: [H, 2H·k] for its k readers, joined once per sequence.
        var groupWeights = _groups.Select(g => g is null ? null
            : g.Children.Length == 1 ? (Tensor)node_weights[g.Children[0]] : torch.cat(g.Children.Select(c => (Tensor)node_weights[c]).ToArray(), 1)).ToArray();

        var states = new Tensor[SearchedNodes + 1];
        var blocks = new List<Tensor>(SearchedNodes);
        var outputs = new Tensor[steps];
        var h = hidden;
        for (var t = 0; t < steps; t++)
        {
            var hIn = hMask is null ? h : h * hMask;
            var mixed = torch.addmm(xProjected[t], hIn, hidden_weight, 1f, 1f).chunk(2, 1);
            states[0] = torch.lerp(h, mixed[1].tanh(), mixed[0].sigmoid());
            blocks.Clear();
            // Nodes in reading order: when a node is known, all of its readers are computed together (they need only it).
            foreach (var group in _order)
            {
                var source = states[group.Source];
                var sourceIn = hMask is null ? source : source * hMask;
                var block = Highway(source, sourceIn.mm(groupWeights[group.Source]!), group, batch);
                blocks.Add(block);
                for (var j = 0; j < group.Children.Length; j++) states[group.Children[j] + 1] = block.select(1, j);
            }
            h = (blocks.Count == 1 ? blocks[0] : torch.cat(blocks, 1)).mean([1]);
            outputs[t] = h;
        }
        return torch.stack(outputs, 0).MoveToOuterDisposeScope();
    }

    // s_i = s + σ(c_i)⊙(f_i(h_i) − s) for the k readers of one node at once; ch is [B, 2H·k] laid out as k blocks of [c | h].
    // Returns [B, k, H].
    private Tensor Highway(Tensor source, Tensor ch, Group group, long batch)
    {
        var k = group.Children.Length;
        var parts = ch.view(batch, k, 2, _hidden);
        var gate = parts.select(2, 0).sigmoid();
        var candidates = parts.select(2, 1);
        Tensor activated;
        if (group.SharedActivation is { } shared)
        {
            activated = Activate(candidates, shared);
        }
        else
        {
            var each = new Tensor[k];
            for (var j = 0; j < k; j++) each[j] = Activate(candidates.select(1, j), _activations[group.Children[j]]);
            activated = torch.stack(each, 1);
        }
        return torch.lerp(source.unsqueeze(1), activated, gate);
    }

    private static Tensor Activate(Tensor h, RecurrentActivation activation) => activation switch
    {
        RecurrentActivation.Tanh => h.tanh(),
        RecurrentActivation.Relu => h.relu(),
        RecurrentActivation.Sigmoid => h.sigmoid(),
        RecurrentActivation.Identity => h,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown recurrent activation."),
    };

    // The searched nodes grouped by the node they read, in an order where every group's source is computed before it
    // (node 0 first, then each group after the group that produced its source). Grouping turns the 11 per-node matrix
    // products of a step into one per distinct predecessor: the same arithmetic in fewer, larger products.
    private static (Group?[] BySource, Group[] Order) GroupReaders(int[] predecessors, RecurrentActivation[] activations)
    {
        var bySource = new Group?[predecessors.Length + 1];
        for (var source = 0; source <= predecessors.Length; source++)
        {
            int[] children = [.. Enumerable.Range(0, predecessors.Length).Where(i => predecessors[i] == source)];
            if (children.Length == 0) continue;
            var first = activations[children[0]];
            bySource[source] = new Group(source, children, children.All(c => activations[c] == first) ? first : null);
        }
        // Sources in increasing node order: a node's predecessor always has a smaller index, so it is ready in time.
        return (bySource, [.. bySource.OfType<Group>()]);
    }

    private sealed record Group(int Source, int[] Children, RecurrentActivation? SharedActivation);

    private static Parameter Uniform(long[] shape, double range, Generator generator)
    {
        using var noGrad = torch.no_grad();
        return new Parameter(torch.empty(shape).uniform_(-range, range, generator));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inputMask.Dispose();
            _hiddenMask.Dispose();
        }
        base.Dispose(disposing);
    }
}
