using Nao.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// Encoder, predictor and decoder trained together (DESIGN.md section 1, step 5): one module, so that one state
/// dictionary holds the whole controller.
/// </summary>
public sealed class ControllerNetwork : nn.Module<Tensor, Tensor, (Tensor Predicted, Tensor Logits)>
{
    private readonly ControllerEncoder _encoder;
    private readonly ControllerPredictor _predictor;
    private readonly ControllerDecoder _decoder;

    /// <summary>Creates the modules at the sizes of <paramref name="options"/> for the sequences of <paramref name="tokenizer"/>.</summary>
    public ControllerNetwork(ITokenizer tokenizer, ControllerOptions options) : base(nameof(ControllerNetwork))
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        _encoder = new ControllerEncoder(tokenizer.VocabularySize, options.EmbeddingSize, options.HiddenSize);
        _predictor = new ControllerPredictor(options.HiddenSize, options.PredictorLayers, options.PredictorWidth);
        _decoder = new ControllerDecoder(tokenizer, options.EmbeddingSize, options.HiddenSize);
        RegisterComponents();
    }

    /// <summary>The encoder E.</summary>
    public ControllerEncoder Encoder => _encoder;

    /// <summary>The predictor f.</summary>
    public ControllerPredictor Predictor => _predictor;

    /// <summary>The decoder D.</summary>
    public ControllerDecoder Decoder => _decoder;

    /// <summary>Predicted scores and teacher-forced decoder logits.</summary>
    /// <param name="tokens">Architectures, [B, T] int64.</param>
    /// <param name="decoderInputs">The start token then <paramref name="tokens"/> shifted right, [B, T] int64.</param>
    /// <returns>Predicted [B] in (0, 1); logits [B, T, V] with invalid tokens at −∞.</returns>
    public override (Tensor Predicted, Tensor Logits) forward(Tensor tokens, Tensor decoderInputs)
    {
        using var scope = NewDisposeScope();
        var outputs = _encoder.call(tokens);
        var embedding = ControllerEncoder.Pool(outputs);
        var predicted = _predictor.call(embedding);
        var logits = _decoder.call(decoderInputs, embedding, outputs);
        return (predicted.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>As <see cref="forward"/>, and the pooled embedding e_x [B, H] that cost heads read.</summary>
    public (Tensor Predicted, Tensor Logits, Tensor Embedding) ForwardWithEmbedding(Tensor tokens, Tensor decoderInputs)
    {
        using var scope = NewDisposeScope();
        var outputs = _encoder.call(tokens);
        var embedding = ControllerEncoder.Pool(outputs);
        var predicted = _predictor.call(embedding);
        var logits = _decoder.call(decoderInputs, embedding, outputs);
        return (predicted.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope(), embedding.MoveToOuterDisposeScope());
    }

    /// <summary>e_x for a batch of architectures, [B, H].</summary>
    public Tensor Embed(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        return ControllerEncoder.Pool(_encoder.call(tokens)).MoveToOuterDisposeScope();
    }

    /// <summary>f(E(x)) for a batch of architectures.</summary>
    /// <param name="tokens">[B, T] int64.</param>
    /// <returns>[B].</returns>
    public Tensor Predict(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        return _predictor.call(ControllerEncoder.Pool(_encoder.call(tokens))).MoveToOuterDisposeScope();
    }

    /// <summary>D(E(x)): greedy reconstruction of a batch of architectures.</summary>
    /// <param name="tokens">[B, T] int64.</param>
    /// <returns>[B, T] int64.</returns>
    public Tensor Reconstruct(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var outputs = _encoder.call(tokens);
        return _decoder.Decode(ControllerEncoder.Pool(outputs), outputs).MoveToOuterDisposeScope();
    }
}
