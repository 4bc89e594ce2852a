using Nao.Tests;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Torch.Tests.Networks.Recurrent;

public sealed class RecurrentLanguageModelTests
{
    private const int Vocabulary = 23;
    private const int Hidden = 8;
    private const int Steps = 5;
    private const int Batch = 3;

    public RecurrentLanguageModelTests() => TorchTestSetup.Initialize();

    public static TheoryData<string> PublishedRecurrentCells() =>
        [.. PublishedArchitectures.All.Where(a => a.Space == SearchSpaceRegistry.EnasRnn).Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(PublishedRecurrentCells))]
    public void Every_published_cell_runs_forward_and_backward_with_the_right_shapes(string name)
    {
        AssertForwardAndBackward((RecurrentGenotype)PublishedArchitectures.Get(name).Genotype);
    }

    [Fact]
    public void Random_cells_of_the_space_run_forward_and_backward_with_the_right_shapes()
    {
        var random = new Random(11);
        for (var i = 0; i < 6; i++) AssertForwardAndBackward((RecurrentGenotype)SearchSpaceRegistry.EnasRnn.Sample(random));
    }

    [Fact]
    public void The_parameter_count_is_the_tied_embedding_plus_bias_plus_W0_plus_one_matrix_per_node()
    {
        var genotype = NaoRnn();
        using var model = new RecurrentLanguageModel(genotype, Options(), seed: 1);

        long v = Vocabulary, h = Hidden;
        Assert.Equal(v * h + v + 2 * h * 2 * h + 11 * h * 2 * h, model.ParameterCount);
    }

    [Fact]
    public void The_cell_computes_the_ENAS_DARTS_highway_equations()
    {
        var genotype = RecurrentGenotype.Parse("0:tanh 1:relu 1:sigmoid 0:identity");
        using var model = new RecurrentLanguageModel(genotype, Options().WithoutDropout() with { Vocabulary = 7, Hidden = 4 }, seed: 5);
        model.eval();
        using var scope = torch.NewDisposeScope();
        var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
        var tokens = torch.tensor(new long[] { 1, 4, 2, 6, 0, 3 }, [3, 2]);
        var h0 = torch.randn(2, 4, generator: new Generator(9));

        var output = model.call(tokens, h0);

        // Reference: the equations of DESIGN.md section 2 written out step by step with W_0 = [W_x; W_h].
        var w0 = torch.cat([weights["cell.input_weight"], weights["cell.hidden_weight"]], 0);
        var h = h0;
        var expected = new List<Tensor>();
        for (var t = 0; t < 3; t++)
        {
            var x = weights["embedding"].index_select(0, tokens[t]);
            var ch = torch.cat([x, h], 1).mm(w0);
            var c = ch[.., ..4].sigmoid();
            var s = new List<Tensor> { h + c * (ch[.., 4..].tanh() - h) };
            for (var i = 0; i < genotype.Nodes.Length; i++)
            {
                var node = genotype.Nodes[i];
                var prev = s[node.Predecessor];
                var chi = prev.mm(weights[$"cell.node_weights.{i}"]);
                var ci = chi[.., ..4].sigmoid();
                var hi = chi[.., 4..];
                var f = node.Activation switch
                {
                    RecurrentActivation.Tanh => hi.tanh(),
                    RecurrentActivation.Relu => hi.relu(),
                    RecurrentActivation.Sigmoid => hi.sigmoid(),
                    _ => hi,
                };
                s.Add(prev + ci * (f - prev));
            }
            h = torch.stack(s.Skip(1), 0).mean([0]);
            expected.Add(h);
        }
        var expectedLogits = torch.stack(expected, 0).reshape(6, 4).mm(weights["embedding"].t()) + weights["decoder_bias"];

        Assert.True(torch.allclose(torch.stack(expected, 0), output.Outputs, rtol: 1e-5, atol: 1e-6));
        Assert.True(torch.allclose(expectedLogits, output.Logits, rtol: 1e-5, atol: 1e-6));
        Assert.True(torch.allclose(expected[^1], output.Hidden, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_hidden_state_carries_across_batches_so_two_halves_equal_the_whole_sequence()
    {
        // Larger initial weights than the default 0.04 make the previous state's influence plain to see.
        using var model = new RecurrentLanguageModel(NaoRnn(), Options() with { InitRange = 0.5 }, seed: 2);
        model.eval();
        using var scope = torch.NewDisposeScope();
        var tokens = torch.randint(0, Vocabulary, [2 * Steps, Batch], generator: new Generator(4));
        var zero = model.InitialHidden(Batch);

        var whole = model.call(tokens, zero);
        var first = model.call(tokens[..Steps], zero);
        var second = model.call(tokens[Steps..], first.Hidden);
        var secondFromZero = model.call(tokens[Steps..], zero);

        Assert.True(torch.allclose(whole.Logits, torch.cat([first.Logits, second.Logits], 0), rtol: 1e-5, atol: 1e-6));
        Assert.False(torch.allclose(second.Outputs, secondFromZero.Outputs, rtol: 1e-2, atol: 1e-3));
    }

    [Fact]
    public void Dropout_is_on_in_training_off_in_evaluation_and_reproducible_from_the_seed()
    {
        using var model = new RecurrentLanguageModel(NaoRnn(), Options(), seed: 3);
        using var scope = torch.NewDisposeScope();
        var tokens = torch.randint(0, Vocabulary, [Steps, Batch], generator: new Generator(4));
        var zero = model.InitialHidden(Batch);

        model.train();
        model.ReseedDropout(17);
        var a = model.call(tokens, zero).Logits;
        model.ReseedDropout(17);
        var b = model.call(tokens, zero).Logits;
        var c = model.call(tokens, zero).Logits;
        model.eval();
        var d = model.call(tokens, zero).Logits;
        var e = model.call(tokens, zero).Logits;

        Assert.True(torch.allclose(a, b, rtol: 0, atol: 0));
        Assert.False(torch.allclose(a, c));
        Assert.True(torch.allclose(d, e, rtol: 0, atol: 0));
        Assert.False(torch.allclose(a, d));
    }

    [Fact]
    public void Out_of_range_options_fail_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecurrentLanguageModel(NaoRnn(), Options() with { OutputDropout = 1 }, 0));

        Assert.Contains(nameof(RecurrentModelOptions.OutputDropout), error.Message);
    }

    [Fact]
    public void Scaling_to_a_smaller_hidden_size_scales_every_dropout_and_keeps_them_at_850_and_above()
    {
        var darts = new RecurrentModelOptions();

        var small = darts.ScaledToHidden(425);
        var large = darts.ScaledToHidden(1000);

        Assert.Equal(425, small.Hidden);
        Assert.Equal(darts.OutputDropout / 2, small.OutputDropout, 12);
        Assert.Equal(darts.CellInputDropout / 2, small.CellInputDropout, 12);
        Assert.Equal(darts.HiddenDropout / 2, small.HiddenDropout, 12);
        Assert.Equal(darts.InputDropout / 2, small.InputDropout, 12);
        Assert.Equal(darts.EmbeddingDropout / 2, small.EmbeddingDropout, 12);
        Assert.Equal(darts with { Hidden = 1000 }, large);
    }

    private static void AssertForwardAndBackward(RecurrentGenotype genotype)
    {
        using var model = new RecurrentLanguageModel(genotype, Options(), seed: 1);
        model.train();
        using var scope = torch.NewDisposeScope();
        var tokens = torch.randint(0, Vocabulary, [Steps, Batch], generator: new Generator(2));

        var output = model.call(tokens, model.InitialHidden(Batch));
        torch.nn.functional.cross_entropy(output.Logits, tokens.reshape(-1)).backward();

        Assert.Equal([Steps * Batch, (long)Vocabulary], output.Logits.shape);
        Assert.Equal([(long)Batch, Hidden], output.Hidden.shape);
        Assert.Equal([(long)Steps, Batch, Hidden], output.Outputs.shape);
        Assert.Equal([(long)Steps, Batch, Hidden], output.DroppedOutputs.shape);
        Assert.Equal(4 + genotype.Nodes.Length, model.parameters().Count());
        Assert.All(model.named_parameters(), p =>
        {
            Assert.NotNull(p.parameter.grad);
            Assert.Equal(p.parameter.shape, p.parameter.grad!.shape);
            Assert.True(p.parameter.grad.abs().sum().item<float>() > 0, $"{p.name} got no gradient in {genotype}");
        });
    }

    private static RecurrentGenotype NaoRnn() => (RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype;

    private static RecurrentModelOptions Options() => new() { Vocabulary = Vocabulary, Hidden = Hidden };
}
