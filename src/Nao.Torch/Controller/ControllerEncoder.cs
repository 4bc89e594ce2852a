using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// The encoder E of NAO (DESIGN.md section 1, step 2): token embedding, then a one-layer LSTM. Each per-step output
/// is L2-normalized; <see cref="Pool"/> turns them into the architecture embedding e_x.
/// </summary>
public sealed class ControllerEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _embedding;
    private readonly LSTM _lstm;

    /// <summary>Creates the encoder for a vocabulary of <paramref name="vocabularySize"/> tokens.</summary>
    public ControllerEncoder(int vocabularySize, int embeddingSize, int hiddenSize) : base(nameof(ControllerEncoder))
    {
        _embedding = nn.Embedding(vocabularySize, embeddingSize);
        _lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true);
        RegisterComponents();
    }

    /// <summary>The per-step outputs h_1..h_T, each of unit L2 norm.</summary>
    /// <param name="tokens">Token ids, [B, T], int64.</param>
    /// <returns>[B, T, H].</returns>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (outputs, _, _) = _lstm.call(_embedding.call(tokens));
        return nn.functional.normalize(outputs, dim: 2).MoveToOuterDisposeScope();
    }

    /// <summary>The architecture embedding: the mean of the per-step outputs, L2-normalized again.</summary>
    /// <param name="outputs">Per-step outputs, [B, T, H] (normalized ones, or moved ones in Eq. 2 after re-normalizing).</param>
    /// <returns>[B, H], unit L2 norm per row.</returns>
    public static Tensor Pool(Tensor outputs)
    {
        using var scope = NewDisposeScope();
        return nn.functional.normalize(outputs.mean([1]), dim: 1).MoveToOuterDisposeScope();
    }
}
