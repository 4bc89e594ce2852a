using Nao.Data.Text;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Torch.Tests.Data.Text;

namespace Nao.Torch.Tests.Supernets;

/// <summary>A tiny PTB-format corpus of 21 word types and tiny supernet settings for the recurrent supernet tests.</summary>
internal static class RecurrentSupernetTestData
{
    private static readonly string[] Sentences =
    [
        " the cat sat on the mat\n",
        " a dog ran to the park\n",
        " my bird sang in a tree\n",
        " one fish swam under the boat\n",
    ];

    /// <summary>Writes the corpus (four sentences in turn: 96 training lines, 24 validation and test lines) and reads it.</summary>
    public static TextCorpus Corpus(TemporaryFolder folder)
    {
        TinyCorpus.WritePtb(folder.Path, Lines(96), Lines(24), Lines(24));
        return TextCorpus.Load(TextDataset.Ptb, folder.Path);
    }

    /// <summary>Hidden 8, batch 4, BPTT 8, two dev segments of 8×2; wide initial weights so a few epochs show learning.</summary>
    public static RecurrentSupernetSettings Settings(string dataPath) => new()
    {
        DataPath = dataPath,
        Hidden = 8,
        BatchSize = 4,
        Bptt = 8,
        MaxBpttDelta = 4,
        DevBatches = 2,
        DevBatchSize = 2,
        LearningRate = 5,
        InitRange = 0.3,
        EmbeddingDropout = 0.05,
        InputDropout = 0,
        CellInputDropout = 0.1,
        HiddenDropout = 0.05,
        OutputDropout = 0.1,
    };

    /// <summary>The published NAO-RNN cell.</summary>
    public static RecurrentGenotype NaoRnn() => (RecurrentGenotype)PublishedArchitectures.Get("NAO-RNN").Genotype;

    /// <summary>The published ENAS-RNN cell.</summary>
    public static RecurrentGenotype EnasRnn() => (RecurrentGenotype)PublishedArchitectures.Get("ENAS-RNN").Genotype;

    /// <summary><paramref name="count"/> random cells of the enas-rnn space.</summary>
    public static Genotype[] RandomPool(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => SearchSpaceRegistry.EnasRnn.Sample(random))];
    }

    private static string Lines(int count) => string.Concat(Enumerable.Range(0, count).Select(i => Sentences[i % Sentences.Length]));
}
