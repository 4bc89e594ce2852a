using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Data;

/// <summary>
/// Turns an <see cref="ImageDataset"/> into mini-batches: shuffled index lists, then tensors with augmentation
/// (crop, flip on the bytes; normalization and cutout with torch). Create the tensors inside the training step's
/// dispose scope: <see cref="Load"/> returns tensors owned by the current scope.
/// </summary>
public sealed class ImageBatcher
{
    private readonly ImageDataset data;
    private readonly ImageAugmentationOptions augmentation;
    private readonly float[] scale;
    private readonly float[] shift;

    /// <summary>Creates the batcher; normalization statistics come from the options, else from <paramref name="statistics"/>.</summary>
    /// <param name="data">The images.</param>
    /// <param name="augmentation">Augmentation options.</param>
    /// <param name="statistics">Per-channel mean and std used when the options leave them null.</param>
    public ImageBatcher(ImageDataset data, ImageAugmentationOptions augmentation, (float[] Mean, float[] Std) statistics)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(augmentation);
        augmentation.Validate(data.Channels);
        this.data = data;
        this.augmentation = augmentation;
        var mean = augmentation.Mean ?? statistics.Mean;
        var std = augmentation.Std ?? statistics.Std;
        if (mean.Count != data.Channels || std.Count != data.Channels)
        {
            throw new ArgumentException($"Normalization statistics have {mean.Count} means and {std.Count} deviations for {data.Channels} channels.");
        }
        // (x/255 - mean)/std = x·scale + shift, one multiply-add per pixel.
        scale = [.. std.Select(s => 1f / (255f * s))];
        shift = [.. mean.Zip(std, (m, s) => -m / s)];
    }

    /// <summary>The images batched.</summary>
    public ImageDataset Data => data;

    /// <summary>
    /// Index lists of at most <paramref name="batchSize"/> images covering the data once, shuffled when
    /// <paramref name="shuffle"/> is given. A final batch of one image is dropped when shuffling, because batch norm
    /// cannot train on a single image.
    /// </summary>
    public IEnumerable<int[]> Batches(int batchSize, Random? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = Enumerable.Range(0, data.Count).ToArray();
        shuffle?.Shuffle(order);
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, order.Length - start);
            if (shuffle is not null && count == 1 && order.Length > 1) yield break;
            yield return order[start..(start + count)];
        }
    }

    /// <summary>Number of batches <see cref="Batches"/> yields.</summary>
    public int BatchCount(int batchSize, bool training)
    {
        var batches = (data.Count + batchSize - 1) / batchSize;
        return training && data.Count > 1 && data.Count % batchSize == 1 ? batches - 1 : batches;
    }

    /// <summary>
    /// Loads images as a float tensor [N, C, H, W], normalized, and labels as an int64 tensor [N]. With
    /// <paramref name="augment"/> the training augmentations are drawn from it; without, images are only normalized.
    /// </summary>
    public (Tensor Images, Tensor Labels) Load(IReadOnlyList<int> indices, Random? augment)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int n = indices.Count, c = data.Channels, h = data.Height, w = data.Width;
        var bytes = new byte[n * data.ImageSize];
        var labels = new long[n];
        float[]? cutout = augment is not null && augmentation.CutoutSize > 0 ? new float[n * h * w] : null;
        for (var i = 0; i < n; i++)
        {
            labels[i] = data.Labels[indices[i]];
            var target = bytes.AsSpan(i * data.ImageSize, data.ImageSize);
            if (augment is null) data.Image(indices[i]).CopyTo(target);
            else Augment(data.Image(indices[i]), target, augment);
            if (cutout is not null) FillCutoutMask(cutout.AsSpan(i * h * w, h * w), augment!);
        }
        using var scope = torch.NewDisposeScope();
        var images = torch.tensor(bytes, [n, c, h, w]).to(ScalarType.Float32);
        var scaleTensor = torch.tensor(scale, [1, c, 1, 1]);
        var shiftTensor = torch.tensor(shift, [1, c, 1, 1]);
        images = images.mul_(scaleTensor).add_(shiftTensor);
        // Cutout zeroes a square after normalization, as in the official NAO and DARTS pipelines.
        if (cutout is not null) images = images.mul_(torch.tensor(cutout, [n, 1, h, w]));
        return (images.MoveToOuterDisposeScope(), torch.tensor(labels).MoveToOuterDisposeScope());
    }

    private void Augment(ReadOnlySpan<byte> source, Span<byte> target, Random random)
    {
        int c = data.Channels, h = data.Height, w = data.Width, pad = augmentation.CropPadding;
        // Crop offset in the padded image, as torchvision's RandomCrop(size, padding) draws it; padding is zero.
        var dy = pad > 0 ? random.Next(2 * pad + 1) - pad : 0;
        var dx = pad > 0 ? random.Next(2 * pad + 1) - pad : 0;
        var flip = augmentation.HorizontalFlip && random.Next(2) == 1;
        for (var ch = 0; ch < c; ch++)
        {
            for (var y = 0; y < h; y++)
            {
                var row = target.Slice((ch * h + y) * w, w);
                var sy = y + dy;
                if (sy < 0 || sy >= h)
                {
                    row.Clear();
                    continue;
                }
                var sourceRow = source.Slice((ch * h + sy) * w, w);
                for (var x = 0; x < w; x++)
                {
                    var sx = (flip ? w - 1 - x : x) + dx;
                    row[x] = sx >= 0 && sx < w ? sourceRow[sx] : (byte)0;
                }
            }
        }
    }

    private void FillCutoutMask(Span<float> mask, Random random)
    {
        int h = data.Height, w = data.Width, half = augmentation.CutoutSize / 2;
        mask.Fill(1f);
        // Centre anywhere in the image; the square is clipped at the borders (DeVries and Taylor 2017).
        int cy = random.Next(h), cx = random.Next(w);
        int y1 = Math.Clamp(cy - half, 0, h), y2 = Math.Clamp(cy + half, 0, h);
        int x1 = Math.Clamp(cx - half, 0, w), x2 = Math.Clamp(cx + half, 0, w);
        for (var y = y1; y < y2; y++) mask.Slice(y * w + x1, x2 - x1).Clear();
    }
}
