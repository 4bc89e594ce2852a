using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Data;

/// <summary>Per-channel statistics of an image data set, for normalization.</summary>
public static class ImageStatistics
{
    /// <summary>
    /// The per-channel mean and standard deviation of pixel values scaled to [0, 1], over every pixel of every
    /// image; computed with torch in chunks so memory stays small.
    /// </summary>
    public static (float[] Mean, float[] Std) Compute(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        var channels = data.Channels;
        var sum = torch.zeros(channels, dtype: ScalarType.Float64);
        var squares = torch.zeros(channels, dtype: ScalarType.Float64);
        const int chunk = 2048;
        for (var start = 0; start < data.Count; start += chunk)
        {
            using var inner = torch.NewDisposeScope();
            var count = Math.Min(chunk, data.Count - start);
            var bytes = data.Pixels.Slice(start * data.ImageSize, count * data.ImageSize).ToArray();
            var x = torch.tensor(bytes, [count, channels, (long)data.Height * data.Width]).to(ScalarType.Float64).div(255.0);
            sum.add_(x.sum([0L, 2L]));
            squares.add_(x.square().sum([0L, 2L]));
        }
        var n = (double)data.Count * data.Height * data.Width;
        var mean = sum.div(n);
        var std = squares.div(n).sub(mean.square()).clamp_min(1e-12).sqrt();
        return (mean.to(ScalarType.Float32).data<float>().ToArray(), std.to(ScalarType.Float32).data<float>().ToArray());
    }
}
