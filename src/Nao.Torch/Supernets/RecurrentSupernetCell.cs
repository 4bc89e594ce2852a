using Nao.Genotypes;
using Nao.Networks.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nao.Supernets;

/// <summary>
/// The shared recurrent cell of the <c>enas-rnn</c> supernet (NAO-WS, DESIGN.md sections 2 and 6): one [H, 2H] matrix
/// (the [c, h] projection of the highway update) for every (node i, predecessor j, activation a) choice, i in 1..N,
/// j in 0..i−1, a in tanh/relu/identity/sigmoid, plus node 0's W_0 mixing x_t and h_{t−1}. <see cref="Use"/> picks the
/// architecture of the next forward passes; a pass runs only that architecture's matrices, with the arithmetic and
/// dropouts of the stand-alone <see cref="RecurrentCell"/>, so the other matrices get no gradient.
/// </summary>
public sealed class RecurrentSupernetCell : RecurrentCellModule
{
    private static readonly int Activations = Enum.GetValues<RecurrentActivation>().Length;

    private readonly Parameter input_weight;
    private readonly Parameter hidden_weight;
    private readonly ParameterList node_weights;
    private readonly DropoutMask _inputMask;
    private readonly DropoutMask _hiddenMask;
    private readonly int _inputSize;
    private readonly int _hidden;
    private readonly Generator _generator;
    private RecurrentCellPlan? _plan;
    private Tensor[] _chosen = [];

    /// <summary>
    /// Builds the cell for <paramref name="searchedNodes"/> searched nodes (11 in <c>enas-rnn</c>); weights start uniform
    /// in ±<paramref name="initRange"/>, drawn from <paramref name="generator"/> (which also draws the dropout masks;
    /// the caller owns it and keeps it alive as long as the cell).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public RecurrentSupernetCell(int searchedNodes, int inputSize, int hidden, double inputDropout, double hiddenDropout,
        double initRange, Generator generator) : base(nameof(RecurrentSupernetCell))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchedNodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentNullException.ThrowIfNull(generator);
        SearchedNodes = searchedNodes;
        _inputSize = inputSize;
        _hidden = hidden;
        _generator = generator;
        _inputMask = new DropoutMask(inputDropout);
        _hiddenMask = new DropoutMask(hiddenDropout);
        input_weight = Uniform([inputSize, 2 * hidden], initRange, generator);
        hidden_weight = Uniform([hidden, 2 * hidden], initRange, generator);
        // Node i (1-based) has i predecessors: N(N+1)/2 pairs, times the activations, in (node, predecessor, activation) order.
        var count = searchedNodes * (searchedNodes + 1) / 2 * Activations;
        node_weights = new ParameterList([.. Enumerable.Range(0, count).Select(_ => Uniform([hidden, 2 * hidden], initRange, generator))]);
        RegisterComponents();
    }

    /// <summary>The number of searched nodes N.</summary>
    public int SearchedNodes { get; }

    /// <summary>The number of shared [H, 2H] node matrices: one per (node, predecessor, activation) choice.</summary>
    public int NodeWeightCount => node_weights.Count;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No architecture was chosen yet.</exception>
    public override RecurrentGenotype Genotype => _plan?.Genotype
        ?? throw new InvalidOperationException($"No architecture is chosen: call {nameof(RecurrentSupernetCell)}.{nameof(Use)} before running the supernet.");

    /// <summary>
    /// The index in <c>node_weights</c> of the matrix of searched node <paramref name="node"/> (1-based) reading
    /// <paramref name="predecessor"/> (0..node−1) with <paramref name="activation"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The node or predecessor is out of range.</exception>
    public int WeightIndex(int node, int predecessor, RecurrentActivation activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(node, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, SearchedNodes);
        ArgumentOutOfRangeException.ThrowIfNegative(predecessor);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predecessor, node);
        // Nodes 1..node−1 hold 1 + 2 + … + (node−1) pairs before this node's.
        var pair = (node - 1) * node / 2 + predecessor;
        return pair * Activations + (int)activation;
    }

    /// <summary>The shared matrix [H, 2H] of one (node, predecessor, activation) choice.</summary>
    public Parameter NodeWeight(int node, int predecessor, RecurrentActivation activation) => (Parameter)node_weights[WeightIndex(node, predecessor, activation)];

    /// <summary>The shared matrices <paramref name="genotype"/> runs, one per searched node in node order.</summary>
    /// <exception cref="ArgumentException">The genotype has another number of searched nodes.</exception>
    public IReadOnlyList<Parameter> WeightsOf(RecurrentGenotype genotype)
    {
        Check(genotype);
        return [.. genotype.Nodes.Select((n, i) => NodeWeight(i + 1, n.Predecessor, n.Activation))];
    }

    /// <summary>Chooses the architecture that the following forward passes run.</summary>
    /// <exception cref="ArgumentException">The genotype has another number of searched nodes.</exception>
    public void Use(RecurrentGenotype genotype)
    {
        var weights = WeightsOf(genotype);
        if (_plan is not null && ReferenceEquals(_plan.Genotype, genotype)) return;
        _plan = new RecurrentCellPlan(genotype);
        _chosen = [.. weights];
    }

    /// <summary>
    /// Runs the chosen architecture over a sequence. <paramref name="inputs"/>: [T, B, E]; <paramref name="hidden"/>:
    /// [B, H]. Returns the hidden states of every step, [T, B, H].
    /// </summary>
    /// <exception cref="InvalidOperationException">No architecture was chosen yet.</exception>
    public override Tensor forward(Tensor inputs, Tensor hidden)
    {
        var plan = _plan ?? throw new InvalidOperationException($"No architecture is chosen: call {nameof(Use)} before running the supernet cell.");
        using var scope = NewDisposeScope();
        var batch = inputs.shape[1];
        var xMask = _inputMask.Sample(training, [batch, _inputSize], _generator, inputs.dtype, inputs.device);
        var hMask = _hiddenMask.Sample(training, [batch, _hidden], _generator, inputs.dtype, inputs.device);
        return plan.Run(inputs, hidden, input_weight, hidden_weight, _chosen, xMask, hMask).MoveToOuterDisposeScope();
    }

    private void Check(RecurrentGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.Nodes.Length != SearchedNodes)
        {
            throw new ArgumentException(
                $"The supernet cell has {SearchedNodes} searched nodes, but the architecture '{genotype.Canonical}' has {genotype.Nodes.Length}. Give an architecture of the enas-rnn space.",
                nameof(genotype));
        }
    }

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
