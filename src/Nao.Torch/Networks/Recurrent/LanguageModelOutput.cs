using static TorchSharp.torch;

namespace Nao.Networks.Recurrent;

/// <summary>What one forward pass of <see cref="RecurrentLanguageModel"/> returns.</summary>
/// <param name="Logits">Next-token logits, [T·B, V] (row t·B + b is time step t of sequence b).</param>
/// <param name="Hidden">The hidden state after the last step, [B, H]; still attached to the graph.</param>
/// <param name="Outputs">The cell's hidden states before output dropout, [T, B, H] (temporal activation regularization reads these).</param>
/// <param name="DroppedOutputs">The same after output dropout, [T, B, H] (activation regularization reads these).</param>
public sealed record LanguageModelOutput(Tensor Logits, Tensor Hidden, Tensor Outputs, Tensor DroppedOutputs);
