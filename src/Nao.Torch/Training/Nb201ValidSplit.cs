using Nao.Data;

namespace Nao.Training;

/// <summary>
/// NAS-Bench-201's <c>cifar10-valid</c> split: the 50,000 training images in two halves, one to train on and one
/// to validate on. NAS-Bench-201 ships its own list of indices (configs/nas-benchmark/cifar-split.txt), which Nao does
/// not carry; this is a deterministic stand-in of the same shape: every class's images are shuffled with a fixed seed
/// and the first half of each class trains, the rest validates (so both halves are class-balanced), each half in the
/// images' original order. The same data always give the same split.
/// </summary>
public static class Nb201ValidSplit
{
    /// <summary>The seed of the per-class shuffle; fixed, so every run and every machine splits alike.</summary>
    public const int Seed = 201;

    /// <summary>Splits <paramref name="training"/> into a training half and a validation half (for an odd class count, the extra image validates).</summary>
    /// <exception cref="ArgumentException">Fewer than 4 images.</exception>
    public static (ImageDataset Train, ImageDataset Valid) Split(ImageDataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count < 4) throw new ArgumentException($"The validation split needs at least 4 images; {training.Source} holds {training.Count}.");
        var random = new Random(Seed);
        var trainIndices = new List<int>(training.Count / 2 + training.Classes);
        var validIndices = new List<int>(training.Count / 2 + training.Classes);
        var labels = training.Labels;
        for (var label = 0; label < training.Classes; label++)
        {
            var ofClass = new List<int>();
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] == label) ofClass.Add(i);
            }
            var shuffled = ofClass.ToArray();
            random.Shuffle(shuffled);
            trainIndices.AddRange(shuffled[..(shuffled.Length / 2)]);
            validIndices.AddRange(shuffled[(shuffled.Length / 2)..]);
        }
        trainIndices.Sort();
        validIndices.Sort();
        return (Gather(training, trainIndices, $"{training.Source}, NB201-style train half ({trainIndices.Count:N0})"),
                Gather(training, validIndices, $"{training.Source}, NB201-style valid half ({validIndices.Count:N0})"));
    }

    private static ImageDataset Gather(ImageDataset data, List<int> indices, string source)
    {
        var pixels = new byte[indices.Count * data.ImageSize];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            data.Image(indices[i]).CopyTo(pixels.AsSpan(i * data.ImageSize, data.ImageSize));
            labels[i] = data.Labels[indices[i]];
        }
        return new ImageDataset(source, pixels, labels, data.Channels, data.Height, data.Width, data.Classes);
    }
}
