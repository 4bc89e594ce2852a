using Nao.Tokenization;
using Nao.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// The decoder D of NAO (DESIGN.md section 1, step 4): an LSTM whose initial state is h = c = the architecture
/// embedding, with dot-product attention over the encoder's per-step outputs, a projection to the vocabulary, and the
/// tokenizer's per-position valid-token mask (the paper's V_r) added as −∞ to invalid logits, in training and inference.
/// The attention output is not fed back into the LSTM, so a teacher-forced sequence needs one LSTM call
/// (shared/TORCHSHARP.md: 36 against 70 ms per step in the probe).
/// </summary>
public sealed class ControllerDecoder : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Embedding _embedding;
    private readonly LSTM _lstm;
    private readonly Linear _combine;
    private readonly Linear _project;
    private readonly Tensor _maskBias;
    private readonly int _length;

    /// <summary>Creates the decoder for the token sequences of <paramref name="tokenizer"/>.</summary>
    public ControllerDecoder(ITokenizer tokenizer, int embeddingSize, int hiddenSize) : base(nameof(ControllerDecoder))
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _length = tokenizer.Length;
        _embedding = nn.Embedding(tokenizer.VocabularySize, embeddingSize);
        _lstm = nn.LSTM(embeddingSize, hiddenSize, batchFirst: true);
        _combine = nn.Linear(2 * hiddenSize, hiddenSize);
        _project = nn.Linear(hiddenSize, tokenizer.VocabularySize);
        _maskBias = MaskBias(tokenizer);
        RegisterComponents();
    }

    /// <summary>Teacher-forced logits, invalid tokens at −∞.</summary>
    /// <param name="inputs">Decoder inputs, [B, T] int64: the start token, then the target sequence shifted right by one.</param>
    /// <param name="embedding">Architecture embeddings, [B, H]: the initial h and c.</param>
    /// <param name="memory">Encoder per-step outputs to attend over, [B, T, H].</param>
    /// <returns>[B, T, V].</returns>
    public override Tensor forward(Tensor inputs, Tensor embedding, Tensor memory)
    {
        using var scope = NewDisposeScope();
        var state = embedding.unsqueeze(0);
        var (outputs, _, _) = _lstm.call(_embedding.call(inputs), (state, state));
        return Attend(outputs, memory).add(_maskBias, HeldScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Greedy decoding under the mask: at each step the most likely valid token, fed back as the next input.</summary>
    /// <param name="embedding">Architecture embeddings, [B, H].</param>
    /// <param name="memory">Per-step outputs to attend over, [B, T, H].</param>
    /// <returns>Token ids, [B, T] int64; every row is valid at every position.</returns>
    public Tensor Decode(Tensor embedding, Tensor memory)
    {
        using var scope = NewDisposeScope();
        var h = embedding.unsqueeze(0);
        var c = h;
        var input = full(embedding.shape[0], 1, ITokenizer.StartToken, ScalarType.Int64);
        var tokens = new Tensor[_length];
        for (var t = 0; t < _length; t++)
        {
            using var step = NewDisposeScope();
            var (output, hNext, cNext) = _lstm.call(_embedding.call(input), (h, c));
            var logits = Attend(output, memory).add(_maskBias[t], HeldScalars.One);
            input = logits.argmax(-1).MoveToOuterDisposeScope();
            h = hNext.MoveToOuterDisposeScope();
            c = cNext.MoveToOuterDisposeScope();
            tokens[t] = input;
        }
        return cat(tokens, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Luong-style attention: each decoder output attends over the memory; [B, S, H] → logits [B, S, V].</summary>
    private Tensor Attend(Tensor outputs, Tensor memory)
    {
        var weights = outputs.bmm(memory.transpose(1, 2)).softmax(-1);
        var context = weights.bmm(memory);
        return _project.call(_combine.call(cat([outputs, context], 2)).tanh());
    }

    /// <summary>[T, V]: 0 where the token is valid at the position, −∞ elsewhere (the start token is never valid).</summary>
    private static Tensor MaskBias(ITokenizer tokenizer)
    {
        var mask = tokenizer.ValidMask();
        var bias = new float[tokenizer.Length * tokenizer.VocabularySize];
        for (var p = 0; p < tokenizer.Length; p++)
        {
            for (var v = 0; v < tokenizer.VocabularySize; v++)
            {
                bias[p * tokenizer.VocabularySize + v] = mask[p, v] ? 0f : float.NegativeInfinity;
            }
        }
        return tensor(bias, [tokenizer.Length, tokenizer.VocabularySize]);
    }
}
