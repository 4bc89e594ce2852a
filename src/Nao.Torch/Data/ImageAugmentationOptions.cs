namespace Nao.Data;

/// <summary>
/// How training images are prepared (DESIGN.md section 3; NAO's and DARTS's CIFAR pipeline): channel
/// normalization, random crop from a zero-padded image, horizontal flip, cutout. Evaluation images are only
/// normalized.
/// </summary>
public sealed record ImageAugmentationOptions
{
    /// <summary>Per-channel means of pixel values in [0, 1]; null computes them from the training images. Default null.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviations of pixel values in [0, 1]; null computes them from the training images. Default null.</summary>
    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Pixels of zero padding on each side before a random crop back to full size; 0 turns cropping off. Default 4.</summary>
    public int CropPadding { get; init; } = 4;

    /// <summary>Whether to flip each training image horizontally with probability 1/2. Default true.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Side of the square cutout (DeVries and Taylor 2017) zeroed in each training image; 0 turns it off (the paper's final setting uses 16). Default 0.</summary>
    public int CutoutSize { get; init; }

    /// <summary>Options with every augmentation off (normalization only).</summary>
    public static ImageAugmentationOptions None { get; } = new() { CropPadding = 0, HorizontalFlip = false, CutoutSize = 0 };

    /// <summary>Checks every field against an image of <paramref name="channels"/> channels.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate(int channels)
    {
        if (CropPadding < 0) throw new ArgumentException($"CropPadding must be 0 or more (got {CropPadding}).", nameof(CropPadding));
        if (CutoutSize < 0) throw new ArgumentException($"CutoutSize must be 0 or more (got {CutoutSize}).", nameof(CutoutSize));
        if (Mean is not null && Mean.Count != channels)
        {
            throw new ArgumentException($"Mean has {Mean.Count} values but the images have {channels} channels.", nameof(Mean));
        }
        if (Std is not null && (Std.Count != channels || Std.Any(s => !(s > 0))))
        {
            throw new ArgumentException($"Std needs {channels} positive values (got {string.Join(", ", Std)}).", nameof(Std));
        }
    }
}
