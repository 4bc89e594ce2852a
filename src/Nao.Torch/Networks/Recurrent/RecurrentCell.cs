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
public sealed class RecurrentCell : RecurrentCellModule
{
    private readonly Parameter input_weight;
    private readonly Parameter hidden_weight;
    private readonly ParameterList node_weights;
    private readonly RecurrentCellPlan _plan;
    private readonly DropoutMask _inputMask;
    private readonly DropoutMask _hiddenMask;
    private readonly int _inputSize;
    private readonly int _hidden;
    private readonly Generator _generator;

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
        _plan = new RecurrentCellPlan(genotype);
        _inputMask = new DropoutMask(inputDropout);
        _hiddenMask = new DropoutMask(hiddenDropout);
        // W_0 of the papers is [E + H, 2H]; it is kept as its x rows and its h rows so that x_t·W_0x can be computed
        // for all time steps in one matrix product (TORCHSHARP.md: input projections for all steps at once).
        input_weight = Uniform([inputSize, 2 * hidden], initRange, generator);
        hidden_weight = Uniform([hidden, 2 * hidden], initRange, generator);
        node_weights = new ParameterList([.. genotype.Nodes.Select(_ => Uniform([hidden, 2 * hidden], initRange, generator))]);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override RecurrentGenotype Genotype => _plan.Genotype;

    /// <summary>The number of searched nodes N.</summary>
    public int SearchedNodes => _plan.SearchedNodes;

    /// <summary>
    /// Runs the cell over a sequence. <paramref name="inputs"/>: [T, B, E]; <paramref name="hidden"/>: [B, H].
    /// Returns the hidden states of every step, [T, B, H]; the last row is the state to carry to the next batch.
    /// </summary>
    public override Tensor forward(Tensor inputs, Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var batch = inputs.shape[1];
        var xMask = _inputMask.Sample(training, [batch, _inputSize], _generator, inputs.dtype, inputs.device);
        var hMask = _hiddenMask.Sample(training, [batch, _hidden], _generator, inputs.dtype, inputs.device);
        var weights = new Tensor[node_weights.Count];
        for (var i = 0; i < weights.Length; i++) weights[i] = node_weights[i];
        return _plan.Run(inputs, hidden, input_weight, hidden_weight, weights, xMask, hMask).MoveToOuterDisposeScope();
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
