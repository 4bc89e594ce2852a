using Nao.Controller;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Torch;

namespace Nao.Tests.Controller;

/// <summary>
/// Controller tests share torch's global generator and thread count, so they run alone: a fit in another test running
/// at the same time would draw from the generator and break the determinism these tests check.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ControllerCollection
{
    public const string Name = "Controller (torch RNG, not parallel)";
}

/// <summary>Tiny controllers and synthetic data, so each test takes well under a few seconds.</summary>
internal static class ControllerTestData
{
    /// <summary>Embedding 8, hidden 16, predictor 1×16, batch 16, learning rate 1e-2.</summary>
    public static ControllerOptions Tiny(int epochs, ISearchSpace? space = null) =>
        (space is null ? new ControllerOptions() : ControllerOptions.For(space)) with
        {
            EmbeddingSize = 8,
            HiddenSize = 16,
            PredictorWidth = 16,
            BatchSize = 16,
            LearningRate = 1e-2,
            Epochs = epochs,
        };

    /// <summary>Starts torch once per process (allocator settings, native library) at the thread count the tests fix.</summary>
    public static void InitializeTorch() => TorchRuntime.Initialize(threads: 1);

    /// <summary>
    /// <paramref name="count"/> distinct random architectures of <paramref name="space"/>, scored by a learnable
    /// function of their tokens: the mean token id with a bonus for the first position's token.
    /// </summary>
    public static ScoredArchitecture[] Pool(ISearchSpace space, int count, int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<Genotype>();
        var pool = new List<ScoredArchitecture>();
        while (pool.Count < count)
        {
            var genotype = space.Sample(random);
            if (!seen.Add(genotype)) continue;
            var tokens = space.Tokenizer.Tokenize(genotype);
            pool.Add(new ScoredArchitecture(genotype, tokens.Average() + 2.0 * tokens[0]));
        }
        return [.. pool];
    }
}
