namespace Nao.Data;

/// <summary>
/// How <see cref="ImageFolderReader"/> reads a folder of class folders (torchvision's ImageFolder layout:
/// <c>ROOT/CLASS/*.png|*.jpg|*.jpeg</c>). The defaults read RGB images that all share one size, with no dev split
/// (a caller such as <c>nao train</c> splits the dev set off the end of the training images itself).
/// </summary>
public sealed record ImageFolderOptions
{
    /// <summary>
    /// Side of the square images: each image's shorter side is resized to it (bilinear, with mipmaps when shrinking),
    /// then the centre SIZE×SIZE is cropped, as torchvision's Resize(SIZE) then CenterCrop(SIZE). Null keeps the
    /// images as they are, and then they must all share one size. Default null.
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>3 reads RGB (alpha dropped); 1 reads grey, as luma 0.299 R + 0.587 G + 0.114 B (PIL's convert('L')). Default 3.</summary>
    public int Channels { get; init; } = 3;

    /// <summary>
    /// Fraction of the training images held out as the dev split, in (0, 1); null for none. Only one of
    /// <see cref="DevFraction"/>, <see cref="DevCount"/> and a dev folder may be given. Default null.
    /// </summary>
    public double? DevFraction { get; init; }

    /// <summary>Number of training images held out as the dev split; null for none. Default null.</summary>
    public int? DevCount { get; init; }

    /// <summary>
    /// A separate dev folder (class folders named as in the training folder); null looks for <c>ROOT/dev</c> or
    /// <c>ROOT/val</c> when the root has a <c>train/</c> folder and neither <see cref="DevFraction"/> nor
    /// <see cref="DevCount"/> is given. Default null.
    /// </summary>
    public string? DevFolder { get; init; }

    /// <summary>A separate test folder; null looks for <c>ROOT/test</c> when the root has a <c>train/</c> folder. Default null.</summary>
    public string? TestFolder { get; init; }

    /// <summary>
    /// Seed of the order of the training images: each class is shuffled with it and the classes are interleaved in
    /// proportion, so the last K images (the dev split) and the first K (a training limit) are stratified samples.
    /// Default 0.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Checks every field; the message names it and the fix.</summary>
    /// <exception cref="ArgumentException">A field is out of range, or two dev splits are given.</exception>
    public void Validate()
    {
        if (ImageSize is < 1) throw new ArgumentException($"ImageSize must be at least 1, or null to keep the images' own size (got {ImageSize}).");
        if (Channels is not (1 or 3)) throw new ArgumentException($"Channels must be 3 (RGB) or 1 (grey) (got {Channels}).");
        if (DevFraction is { } f && !(f > 0 && f < 1)) throw new ArgumentException($"DevFraction must be in (0, 1) (got {f}); leave it null for no dev split.");
        if (DevCount is < 1) throw new ArgumentException($"DevCount must be at least 1 (got {DevCount}); leave it null for no dev split.");
        var given = (DevFraction is null ? 0 : 1) + (DevCount is null ? 0 : 1) + (DevFolder is null ? 0 : 1);
        if (given > 1) throw new ArgumentException("Give one dev split: DevFraction, DevCount or DevFolder, not several.");
    }
}
