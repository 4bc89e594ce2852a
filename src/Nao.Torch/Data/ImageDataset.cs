namespace Nao.Data;

/// <summary>
/// Labelled images held in memory as bytes, in the layout the official files use: image i occupies
/// <c>Pixels[i·C·H·W .. (i+1)·C·H·W)</c>, channel-major then row-major (CIFAR's R plane, G plane, B plane).
/// Immutable; slicing copies nothing but the label and pixel ranges it needs.
/// </summary>
public sealed class ImageDataset
{
    private readonly ReadOnlyMemory<byte> pixels;
    private readonly ReadOnlyMemory<int> labels;

    /// <summary>Creates a dataset; checks that the sizes agree and every label is in range.</summary>
    /// <exception cref="ArgumentException">Sizes disagree or a label is out of range.</exception>
    public ImageDataset(string source, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<int> labels, int channels, int height, int width, int classes)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (channels < 1 || height < 1 || width < 1) throw new ArgumentException($"Image shape {channels}×{height}×{width} is empty.");
        if (classes < 2) throw new ArgumentException($"A classification dataset needs at least 2 classes (got {classes}).");
        var imageSize = channels * height * width;
        if (pixels.Length != (long)labels.Length * imageSize)
        {
            throw new ArgumentException($"{source}: {pixels.Length} pixel bytes do not hold {labels.Length} images of {imageSize} bytes.");
        }
        var span = labels.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if ((uint)span[i] >= (uint)classes)
            {
                throw new ArgumentException($"{source}: image {i} has label {span[i]}, outside 0..{classes - 1}.");
            }
        }
        Source = source;
        this.pixels = pixels;
        this.labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>Where the images came from (file names), for messages and reports.</summary>
    public string Source { get; }

    /// <summary>Number of images.</summary>
    public int Count => labels.Length;

    /// <summary>Channels per image (3 for CIFAR, 1 for MNIST).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of classes; labels are 0..Classes-1.</summary>
    public int Classes { get; }

    /// <summary>Bytes per image: C·H·W.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>All pixels, image after image.</summary>
    public ReadOnlySpan<byte> Pixels => pixels.Span;

    /// <summary>All labels.</summary>
    public ReadOnlySpan<int> Labels => labels.Span;

    /// <summary>The pixels of image <paramref name="index"/> ([C, H, W] bytes).</summary>
    public ReadOnlySpan<byte> Image(int index) => pixels.Span.Slice(index * ImageSize, ImageSize);

    /// <summary>Images <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    public ImageDataset Slice(int start, int count, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"Images {start}..{start + count - 1} exceed the {Count} images of {Source}.");
        return new ImageDataset(source ?? Source, pixels.Slice(start * ImageSize, count * ImageSize), labels.Slice(start, count),
            Channels, Height, Width, Classes);
    }

    /// <summary>The first <paramref name="limit"/> images, or all of them when there are fewer or the limit is null.</summary>
    public ImageDataset Take(int? limit) =>
        limit is { } n && n < Count ? Slice(0, n, $"{Source}, first {n:N0}") : this;

    /// <summary>
    /// Splits off the last <paramref name="devSize"/> images as the dev set, as the paper holds out the last 5,000
    /// CIFAR-10 training images (DESIGN.md section 3).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dev set would leave no training images.</exception>
    public (ImageDataset Train, ImageDataset Dev) SplitDev(int devSize)
    {
        if (devSize < 0 || devSize >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(devSize), devSize,
                $"The dev split must be 0..{Count - 1} images: {Source} has {Count:N0} training images.");
        }
        var trainCount = Count - devSize;
        return (Slice(0, trainCount, $"{Source}, images 1-{trainCount:N0}"),
                Slice(trainCount, devSize, $"{Source}, last {devSize:N0}"));
    }
}
