using Nao.Data;
using Nao.Genotypes;
using Nao.Supernets;

namespace Nao.Tests.Supernets;

/// <summary>Tiny in-memory CIFAR-shaped data (3×8×8, 10 classes) and settings for supernet tests.</summary>
public static class SupernetTestData
{
    /// <summary>Settings for a tiny supernet: N=1, F=4, batch 4, a dev split of 8 images scored as 2 batches.</summary>
    public static ConvSupernetSettings Tiny { get; } = new()
    {
        Layers = 1, Filters = 4, BatchSize = 4, DevSize = 8, DevBatches = 2, TotalEpochs = 3, LearningRate = 0.1,
    };

    /// <summary><paramref name="train"/> + 8 random 3×8×8 images with labels 0..9, named like CIFAR-10 (so its statistics apply).</summary>
    public static ImageDatasetSplits Images(int train = 16, int seed = 5)
    {
        var count = train + 8;
        var random = new Random(seed);
        var pixels = new byte[count * 3 * 64];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => (i * 7 + 3) % 10).ToArray();
        return new ImageDatasetSplits("cifar10", new ImageDataset($"tiny-{seed}", pixels, labels, 3, 8, 8, 10), null);
    }

    /// <summary>
    /// An architecture of the enas space whose normal cell reads every input index (0..k+1) somewhere and uses all five
    /// ops; its reduction cell reads both cell inputs with identity (the factorized reduction) and separable convs.
    /// </summary>
    public static ConvGenotype EveryInput { get; } = ConvGenotype.Parse(
        "normal: (0,sep3x3)+(1,max3x3) (0,sep5x5)+(2,identity) (1,avg3x3)+(3,sep3x3) (2,sep5x5)+(4,max3x3) (0,sep3x3)+(5,identity) | " +
        "reduction: (0,identity)+(1,identity) (0,sep5x5)+(2,avg3x3) (1,sep3x3)+(3,max3x3) (4,sep5x5)+(1,max3x3) (0,avg3x3)+(5,identity)");

    /// <summary>An architecture that shares the normal cell's first node (0,sep3x3)+(1,max3x3) with <see cref="EveryInput"/> and nothing else of note.</summary>
    public static ConvGenotype SharesFirstNode { get; } = ConvGenotype.Parse(
        "normal: (0,sep3x3)+(1,max3x3) (1,sep5x5)+(1,sep5x5) (3,avg3x3)+(0,sep5x5) (4,sep3x3)+(1,sep3x3) (2,avg3x3)+(5,sep5x5) | " +
        "reduction: (1,sep3x3)+(1,sep5x5) (2,sep3x3)+(0,max3x3) (3,sep5x5)+(2,sep3x3) (4,avg3x3)+(0,sep3x3) (5,sep3x3)+(1,avg3x3)");

    /// <summary>A snapshot of every weight of the supernet, by name.</summary>
    public static Dictionary<string, float[]> Weights(ConvSupernet supernet) =>
        supernet.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());
}
