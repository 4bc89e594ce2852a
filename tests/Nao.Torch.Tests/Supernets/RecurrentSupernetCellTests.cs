using Nao.Data.Text;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Tests;
using Nao.Training.Recurrent;
using TorchSharp;
using static TorchSharp.torch;
using static Nao.Torch.Tests.Supernets.RecurrentSupernetTestData;

namespace Nao.Torch.Tests.Supernets;

public sealed class RecurrentSupernetCellTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public RecurrentSupernetCellTests() => TorchTestSetup.Initialize();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_node_predecessor_activation_choice_has_its_own_matrix()
    {
        using var generator = new Generator(1);
        using var cell = new RecurrentSupernetCell(11, 8, 8, 0, 0, 0.1, generator);
        var indices = new List<int>();
        for (var node = 1; node <= 11; node++)
        {
            for (var predecessor = 0; predecessor < node; predecessor++)
            {
                foreach (var activation in Enum.GetValues<RecurrentActivation>()) indices.Add(cell.WeightIndex(node, predecessor, activation));
            }
        }

        Assert.Equal(66 * 4, cell.NodeWeightCount);
        Assert.Equal(Enumerable.Range(0, 264), indices.Order());
        Assert.Equal([8L, 16L], cell.NodeWeight(11, 10, RecurrentActivation.Sigmoid).shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => cell.WeightIndex(3, 3, RecurrentActivation.Tanh));
        // W_0 (x and h rows) plus the 264 node matrices.
        Assert.Equal(2 + 264, cell.parameters().Count());
    }

    [Fact]
    public void Two_architectures_that_make_the_same_choice_at_a_node_share_its_matrix()
    {
        using var generator = new Generator(1);
        using var cell = new RecurrentSupernetCell(11, 8, 8, 0, 0, 0.1, generator);
        var first = NaoRnn();
        var second = (RecurrentGenotype)SearchSpaceRegistry.EnasRnn.Mutate(first, new Random(3));
        var changed = Enumerable.Range(0, 11).Single(i => first.Nodes[i] != second.Nodes[i]);

        var a = cell.WeightsOf(first);
        var b = cell.WeightsOf(second);

        for (var i = 0; i < 11; i++)
        {
            if (i == changed) Assert.NotSame(a[i], b[i]);
            else Assert.Same(a[i], b[i]);
        }
        Assert.Equal(a[changed].Handle, cell.NodeWeight(changed + 1, first.Nodes[changed].Predecessor, first.Nodes[changed].Activation).Handle);
    }

    [Fact]
    public void A_sampled_forward_and_backward_reaches_only_the_sampled_matrices()
    {
        var corpus = Corpus(_folder);
        using var supernet = new RecurrentSupernet(Settings(_folder.Path), corpus, seed: 1);
        var genotype = EnasRnn();
        var used = genotype.Nodes.Select((n, i) => supernet.Cell.WeightIndex(i + 1, n.Predecessor, n.Activation)).ToHashSet();
        supernet.Cell.Use(genotype);
        supernet.Model.train();
        using var scope = torch.NewDisposeScope();
        using var batches = TokenBatches.Batchify(corpus.Train, 4);
        var (inputs, targets) = TokenBatches.Window(batches, 0, 8);

        var output = supernet.Model.call(inputs, supernet.Model.InitialHidden(4));
        torch.nn.functional.cross_entropy(output.Logits, targets.reshape(-1)).backward();

        foreach (var (name, parameter) in supernet.Model.named_parameters())
        {
            var prefix = "cell.node_weights.";
            var sampled = !name.StartsWith(prefix, StringComparison.Ordinal) || used.Contains(int.Parse(name[prefix.Length..]));
            var grad = parameter.grad;
            if (sampled)
            {
                Assert.NotNull(grad);
                Assert.True(grad.abs().sum().item<float>() > 0, $"{name} is sampled but got no gradient");
            }
            else
            {
                Assert.True(grad is null || grad.abs().sum().item<float>() == 0, $"{name} is not sampled but got a gradient");
            }
        }
    }

    [Fact]
    public void Training_on_one_architecture_changes_its_matrices_and_leaves_every_other_matrix_untouched()
    {
        var corpus = Corpus(_folder);
        using var supernet = new RecurrentSupernet(Settings(_folder.Path), corpus, seed: 2);
        var genotype = NaoRnn();
        var used = genotype.Nodes.Select((n, i) => supernet.Cell.WeightIndex(i + 1, n.Predecessor, n.Activation)).ToHashSet();
        // Another architecture first leaves gradient tensors on its matrices: they must not be decayed or stepped later.
        supernet.TrainEpoch([EnasRnn()], seed: 1, CancellationToken.None);
        var before = Enumerable.Range(0, 264).Select(i => ((Tensor)supernet.Cell.NodeWeight(Node(i).Node, Node(i).Predecessor, Node(i).Activation)).detach().clone()).ToArray();

        supernet.TrainEpoch([genotype], seed: 2, CancellationToken.None);

        for (var i = 0; i < 264; i++)
        {
            var (node, predecessor, activation) = Node(i);
            var now = supernet.Cell.NodeWeight(node, predecessor, activation);
            if (used.Contains(i)) Assert.False(Same(before[i], now), $"matrix {i} of the trained architecture did not change");
            else Assert.True(Same(before[i], now), $"matrix {i} ({node}, {predecessor}, {activation}) changed without being sampled");
        }
        foreach (var t in before) t.Dispose();
    }

    [Theory]
    [InlineData("NAO-RNN")]
    [InlineData("ENAS-RNN")]
    public void The_supernet_scores_an_architecture_exactly_as_its_stand_alone_model_with_the_same_weights(string name)
    {
        var corpus = Corpus(_folder);
        var settings = Settings(_folder.Path);
        using var supernet = new RecurrentSupernet(settings, corpus, seed: 3);
        supernet.TrainEpoch(RandomPool(3, 1).Append(PublishedArchitectures.Get(name).Genotype).ToArray(), seed: 4, CancellationToken.None);
        var genotype = (RecurrentGenotype)PublishedArchitectures.Get(name).Genotype;
        using var alone = new RecurrentLanguageModel(genotype, settings.ModelOptions(corpus.Vocabulary.Count), seed: 99);
        var shared = supernet.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (torch.no_grad())
        {
            foreach (var (parameterName, parameter) in alone.named_parameters())
            {
                var source = parameterName.StartsWith("cell.node_weights.", StringComparison.Ordinal)
                    ? supernet.Cell.WeightsOf(genotype)[int.Parse(parameterName["cell.node_weights.".Length..])]
                    : shared[parameterName];
                parameter.copy_(source);
            }
        }
        using var valid = TokenBatches.Batchify(corpus.Valid, settings.DevBatchSize);
        using var dev = valid.narrow(0, 0, settings.DevBatches * settings.Bptt + 1);

        var expected = LanguageModelEvaluation.Loss(alone, dev, settings.Bptt);
        var score = supernet.Score(genotype, CancellationToken.None);

        Assert.Equal(expected, score.Metrics["ws_valid_loss"], 5);
    }

    private static bool Same(Tensor a, Tensor b) => torch.allclose(a, b, rtol: 0, atol: 0);

    private static (int Node, int Predecessor, RecurrentActivation Activation) Node(int index)
    {
        var pair = index / 4;
        var node = 1;
        while (pair >= node)
        {
            pair -= node;
            node++;
        }
        return (node, pair, (RecurrentActivation)(index % 4));
    }
}
