using Nao.Costs;
using Nao.Genotypes;

namespace Nao.Tests.Costs;

public sealed class RecurrentCostModelTests
{
    [Fact]
    public void A_two_node_cell_at_hidden_4_and_10_words_costs_what_a_hand_count_gives()
    {
        TorchTestSetup.Initialize();
        var model = new RecurrentCostModel(hidden: 4, vocabulary: 10, sequenceLength: 3);

        var costs = model.Costs(RecurrentGenotype.Parse("0:tanh 1:relu"));

        // Embedding 10·4 + softmax bias 10 + W_0 (4 + 4)·8 + two nodes 2·4·8 = 40 + 10 + 64 + 64.
        Assert.Equal(178, costs["params"]);
        // Per token: x·W_0x 4·8 + h·W_0h 4·8 + nodes 2·4·8 + softmax 10·4 + bias 10 = 178; three tokens.
        Assert.Equal(3 * 178, costs["flops"]);
    }

    [Fact]
    public void Each_node_adds_one_hidden_by_two_hidden_matrix()
    {
        TorchTestSetup.Initialize();
        var model = new RecurrentCostModel(hidden: 4, vocabulary: 10, sequenceLength: 1);

        var two = model.Costs(RecurrentGenotype.Parse("0:tanh 1:relu"));
        var four = model.Costs(RecurrentGenotype.Parse("0:tanh 1:relu 1:sigmoid 0:identity"));

        Assert.Equal(2 * 4 * 8, four["params"] - two["params"]);
        Assert.Equal(2 * 4 * 8, four["flops"] - two["flops"]);
    }

    [Fact]
    public void A_cell_architecture_is_refused_with_a_message_naming_the_space()
    {
        var model = new RecurrentCostModel(hidden: 4, vocabulary: 10);

        var error = Assert.Throws<ArgumentException>(() => model.Costs(Nao.SearchSpaces.SearchSpaceRegistry.Nb201.Sample(new Random(1))));

        Assert.Contains("enas-rnn architectures only", error.Message);
    }
}
