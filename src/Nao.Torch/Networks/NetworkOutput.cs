using static TorchSharp.torch;

namespace Nao.Networks;

/// <summary>What a <see cref="CellNetwork"/> returns for a batch of N images.</summary>
/// <param name="Logits">Class scores [N, classes].</param>
/// <param name="Auxiliary">The auxiliary head's class scores [N, classes]; only in training mode with the head on.</param>
public readonly record struct NetworkOutput(Tensor Logits, Tensor? Auxiliary);
