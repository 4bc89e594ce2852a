using Nao.Data;

namespace Nao.Tests.Training;

/// <summary>A tiny separable image set: class 0 is bright on the left, class 1 bright on the right, with noise.</summary>
public static class TinyImages
{
    /// <summary><paramref name="count"/> grey 8×8 images, alternating classes, drawn from <paramref name="seed"/>.</summary>
    public static ImageDataset Create(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 64];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            for (var p = 0; p < 64; p++)
            {
                var left = p % 8 < 4;
                var bright = left == (labels[i] == 0);
                pixels[i * 64 + p] = (byte)Math.Clamp((bright ? 170 : 80) + random.Next(-60, 61), 0, 255);
            }
        }
        return new ImageDataset($"tiny-{seed}", pixels, labels, 1, 8, 8, 2);
    }

    /// <summary>Normalization for these images.</summary>
    public static (float[] Mean, float[] Std) Statistics => ([0.5f], [0.25f]);

    /// <summary>No flip (it would swap the classes) and no crop.</summary>
    public static ImageAugmentationOptions Augmentation => ImageAugmentationOptions.None;
}
