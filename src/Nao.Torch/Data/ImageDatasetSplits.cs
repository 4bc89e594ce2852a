namespace Nao.Data;

/// <summary>The splits of an image data set as read from disk.</summary>
/// <param name="Name">The data set's registry name, e.g. <c>cifar10</c>.</param>
/// <param name="Train">The training images (a caller's dev split is taken from their end unless <paramref name="Dev"/> is given).</param>
/// <param name="Test">The test images, or null when the folder has no test file.</param>
/// <param name="Dev">
/// The dev images when the reader made them (an image folder's <c>dev/</c> folder or its dev split); null when the
/// caller splits them off <paramref name="Train"/> (CIFAR, MNIST). Default null.
/// </param>
/// <param name="ClassNames">The class names by label (an image folder's class folders); null when the format has none. Default null.</param>
public sealed record ImageDatasetSplits(string Name, ImageDataset Train, ImageDataset? Test, ImageDataset? Dev = null,
    IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>
    /// The training and dev images for a caller that holds out <paramref name="devSize"/> images: <see cref="Dev"/>
    /// with all of <see cref="Train"/> when the reader made a dev split (then <paramref name="devSize"/> does not
    /// apply); else the last <paramref name="devSize"/> training images (the paper's split), or no dev set for 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dev split would leave no training images.</exception>
    public (ImageDataset Train, ImageDataset? Dev) TrainAndDev(int devSize)
    {
        if (Dev is not null) return (Train, Dev);
        if (devSize == 0) return (Train, null);
        var (train, dev) = Train.SplitDev(devSize);
        return (train, dev);
    }
}
