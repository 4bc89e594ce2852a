using Nao.Genotypes;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nao.Networks.Recurrent;

/// <summary>
/// What <see cref="RecurrentLanguageModel"/> needs of its cell: a module that runs inputs [T, B, E] from a hidden state
/// [B, H] and returns the hidden states of every step, [T, B, H], plus the architecture it runs now. Two kinds exist:
/// the stand-alone <see cref="RecurrentCell"/> of one architecture and the weight-sharing supernet's cell, whose
/// architecture is chosen before each forward pass. Both run the same per-step arithmetic.
/// </summary>
/// <remarks>Derived cells keep their parameters in their own fields (TorchSharp registers the fields of the runtime type).</remarks>
public abstract class RecurrentCellModule : Module<Tensor, Tensor, Tensor>
{
    /// <summary>Names the module.</summary>
    protected RecurrentCellModule(string name) : base(name)
    {
    }

    /// <summary>The architecture the next forward pass runs.</summary>
    public abstract RecurrentGenotype Genotype { get; }
}
