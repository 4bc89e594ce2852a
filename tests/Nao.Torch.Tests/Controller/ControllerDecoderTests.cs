using Nao.Controller;
using Nao.SearchSpaces;
using Nao.Tokenization;
using TorchSharp;
using static Nao.Tests.Controller.ControllerTestData;

namespace Nao.Tests.Controller;

[Collection(ControllerCollection.Name)]
public sealed class ControllerDecoderTests
{
    public ControllerDecoderTests() => InitializeTorch();

    public static TheoryData<string> Spaces => [.. SearchSpaceRegistry.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Teacher_forced_logits_are_minus_infinity_exactly_where_a_token_is_invalid(string spaceName)
    {
        var space = SearchSpaceRegistry.Get(spaceName);
        var tokenizer = space.Tokenizer;
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        using var decoder = new ControllerDecoder(tokenizer, 8, 16);
        var (inputs, embedding, memory) = RandomInputs(tokenizer, batch: 4);

        var logits = decoder.call(inputs, embedding, memory);

        Assert.Equal([4L, tokenizer.Length, tokenizer.VocabularySize], logits.shape);
        var values = logits.data<float>().ToArray();
        var mask = tokenizer.ValidMask();
        for (var b = 0; b < 4; b++)
        {
            for (var p = 0; p < tokenizer.Length; p++)
            {
                for (var v = 0; v < tokenizer.VocabularySize; v++)
                {
                    var value = values[(b * tokenizer.Length + p) * tokenizer.VocabularySize + v];
                    Assert.True(mask[p, v] ? float.IsFinite(value) : float.IsNegativeInfinity(value),
                        $"position {p}, token {v} ({tokenizer.TokenName(v)}): {value}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Greedy_decoding_of_an_untrained_decoder_emits_only_valid_tokens_and_valid_architectures(string spaceName)
    {
        var space = SearchSpaceRegistry.Get(spaceName);
        var tokenizer = space.Tokenizer;
        torch.manual_seed(2);
        using var scope = torch.NewDisposeScope();
        // Random weights and random embeddings: without the mask, invalid tokens would be everywhere.
        using var decoder = new ControllerDecoder(tokenizer, 8, 16);
        var (_, embedding, memory) = RandomInputs(tokenizer, batch: 64);

        var decoded = decoder.Decode(embedding, memory);

        Assert.Equal([64L, tokenizer.Length], decoded.shape);
        var tokens = decoded.data<long>().ToArray();
        for (var b = 0; b < 64; b++)
        {
            var row = tokens.Skip(b * tokenizer.Length).Take(tokenizer.Length).Select(t => (int)t).ToArray();
            for (var p = 0; p < row.Length; p++)
            {
                Assert.Contains(row[p], tokenizer.ValidTokens(p));
            }
            space.Validate(tokenizer.Detokenize(row));
        }
    }

    [Fact]
    public void The_encoder_outputs_and_the_embedding_have_unit_length()
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        using var encoder = new ControllerEncoder(SearchSpaceRegistry.Enas.Tokenizer.VocabularySize, 8, 16);
        var tokens = torch.tensor(Pool(SearchSpaceRegistry.Enas, 5, seed: 1)
            .SelectMany(d => SearchSpaceRegistry.Enas.Tokenizer.Tokenize(d.Genotype)).Select(t => (long)t).ToArray(), [5, 40]);

        var outputs = encoder.call(tokens);
        var embedding = ControllerEncoder.Pool(outputs);

        Assert.Equal([5L, 40, 16], outputs.shape);
        Assert.True(torch.allclose(outputs.norm(2), torch.ones(5, 40), rtol: 1e-5, atol: 1e-5));
        Assert.True(torch.allclose(embedding.norm(1), torch.ones(5), rtol: 1e-5, atol: 1e-5));
    }

    private static (torch.Tensor Inputs, torch.Tensor Embedding, torch.Tensor Memory) RandomInputs(ITokenizer tokenizer, int batch)
    {
        var inputs = torch.randint(0, tokenizer.VocabularySize, [batch, tokenizer.Length], dtype: torch.ScalarType.Int64);
        var embedding = torch.nn.functional.normalize(torch.randn(batch, 16), dim: 1);
        var memory = torch.nn.functional.normalize(torch.randn(batch, tokenizer.Length, 16), dim: 2);
        return (inputs, embedding, memory);
    }
}
