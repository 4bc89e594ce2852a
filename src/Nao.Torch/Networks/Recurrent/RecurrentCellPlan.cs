using Nao.Genotypes;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Networks.Recurrent;

/// <summary>
/// The per-step arithmetic of the ENAS/DARTS recurrent cell for one architecture, apart from where its weights live:
/// the stand-alone <see cref="RecurrentCell"/> passes its own 11 node matrices, the weight-sharing supernet passes the
/// matrices of the (node, predecessor, activation) choices the architecture makes. Node 0:
/// <c>[c, h] = [x_t, h_{t-1}]·W_0</c>, <c>s_0 = h_{t-1} + σ(c)⊙(tanh(h) − h_{t-1})</c>; searched node i:
/// <c>[c, h] = s_pred·W_i</c>, <c>s_i = s_pred + σ(c)⊙(f_i(h) − s_pred)</c>; the new hidden state is the mean of nodes 1..N.
/// </summary>
internal sealed class RecurrentCellPlan
{
    private readonly RecurrentActivation[] _activations;
    private readonly Group?[] _groups;
    private readonly Group[] _order;

    /// <summary>The plan of <paramref name="genotype"/>: its nodes grouped by the node they read.</summary>
    public RecurrentCellPlan(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        Genotype = genotype;
        int[] predecessors = [.. genotype.Nodes.Select(n => n.Predecessor)];
        _activations = [.. genotype.Nodes.Select(n => n.Activation)];
        (_groups, _order) = GroupReaders(predecessors, _activations);
    }

    /// <summary>The architecture this plan runs.</summary>
    public RecurrentGenotype Genotype { get; }

    /// <summary>The number of searched nodes N.</summary>
    public int SearchedNodes => _activations.Length;

    /// <summary>
    /// Runs the cell over a sequence. <paramref name="inputs"/>: [T, B, E]; <paramref name="hidden"/>: [B, H];
    /// <paramref name="inputWeight"/>: [E, 2H] and <paramref name="hiddenWeight"/>: [H, 2H] (the x and h rows of W_0);
    /// <paramref name="nodeWeights"/>: one [H, 2H] per searched node, in node order. The masks ([B, E] on x_t, [B, H] on
    /// h_{t-1} and every node's input) are null when nothing is dropped. Returns the hidden states of every step, [T, B, H].
    /// </summary>
    public Tensor Run(Tensor inputs, Tensor hidden, Tensor inputWeight, Tensor hiddenWeight, IReadOnlyList<Tensor> nodeWeights,
        Tensor? inputMask, Tensor? hiddenMask)
    {
        using var scope = NewDisposeScope();
        long steps = inputs.shape[0], batch = inputs.shape[1], inputSize = inputs.shape[2];
        var hiddenSize = hiddenWeight.shape[0];
        var x = inputMask is null ? inputs : inputs * inputMask;
        // x_t·W_0x for all time steps in one matrix product (TORCHSHARP.md: input projections for all steps at once).
        var xProjected = x.reshape(steps * batch, inputSize).mm(inputWeight).view(steps, batch, 2 * hiddenSize);
        // One weight matrix per node that has readers: [H, 2H·k] for its k readers, joined once per sequence.
        var groupWeights = _groups.Select(g => g is null ? null
            : g.Children.Length == 1 ? nodeWeights[g.Children[0]] : torch.cat(g.Children.Select(c => nodeWeights[c]).ToArray(), 1)).ToArray();

        var states = new Tensor[SearchedNodes + 1];
        var blocks = new List<Tensor>(SearchedNodes);
        var outputs = new Tensor[steps];
        var h = hidden;
        for (var t = 0; t < steps; t++)
        {
            var hIn = hiddenMask is null ? h : h * hiddenMask;
            var mixed = torch.addmm(xProjected[t], hIn, hiddenWeight, 1f, 1f).chunk(2, 1);
            states[0] = torch.lerp(h, mixed[1].tanh(), mixed[0].sigmoid());
            blocks.Clear();
            // Nodes in reading order: when a node is known, all of its readers are computed together (they need only it).
            foreach (var group in _order)
            {
                var source = states[group.Source];
                var sourceIn = hiddenMask is null ? source : source * hiddenMask;
                var block = Highway(source, sourceIn.mm(groupWeights[group.Source]!), group, batch, hiddenSize);
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
    private Tensor Highway(Tensor source, Tensor ch, Group group, long batch, long hiddenSize)
    {
        var k = group.Children.Length;
        var parts = ch.view(batch, k, 2, hiddenSize);
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
}
