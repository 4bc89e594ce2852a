using Nao.SearchSpaces;

namespace Nao.Data;

/// <summary>
/// The registry of image data sets: names, their usual folder names, their readers and channel statistics. Besides the
/// published sets, <c>folder</c> reads any folder of class folders (<see cref="ImageFolderReader"/>).
/// </summary>
public static class ImageDatasets
{
    /// <summary>The registry names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cifar10", "cifar100", "fashion-mnist", "mnist", ImageFolderReader.DatasetName];

    /// <summary>The folder name under a data root (<c>NAO_DATA</c>): cifar-10, cifar-100, fashion-mnist, mnist, folder.</summary>
    /// <exception cref="UnknownNameException">An unknown data set name.</exception>
    public static string FolderName(string name) => Canonical(name) switch
    {
        "cifar10" => "cifar-10",
        "cifar100" => "cifar-100",
        var other => other,
    };

    /// <summary>Whether images of <paramref name="name"/> are flipped horizontally in training: all but MNIST, whose mirrored digits are other digits or none.</summary>
    public static bool Flips(string name) => Canonical(name) != "mnist";

    /// <summary>
    /// Reads the data set <paramref name="name"/> from <paramref name="path"/>; <paramref name="folder"/> sets how an
    /// image folder is read (null for its defaults) and must be null for the other data sets.
    /// </summary>
    /// <exception cref="UnknownNameException">An unknown data set name.</exception>
    /// <exception cref="ArgumentException">Folder options for a data set that is not a folder, or out of range.</exception>
    /// <exception cref="FileNotFoundException">Missing files.</exception>
    /// <exception cref="InvalidDataException">Truncated or corrupt files.</exception>
    public static ImageDatasetSplits Load(string name, string path, ImageFolderOptions? folder = null)
    {
        var canonical = Canonical(name);
        if (folder is not null && canonical != ImageFolderReader.DatasetName)
        {
            throw new ArgumentException($"Image size and channels apply to image folders (data set '{ImageFolderReader.DatasetName}') only; {canonical} images are read as published. Leave them out.");
        }
        return canonical switch
        {
            "cifar10" => CifarReader.Read(path, cifar100: false),
            "cifar100" => CifarReader.Read(path, cifar100: true),
            ImageFolderReader.DatasetName => ImageFolderReader.Read(path, folder),
            var mnist => MnistReader.Read(path, mnist),
        };
    }

    /// <summary>Whether <paramref name="name"/> is the image-folder data set, whose statistics are computed, not published.</summary>
    public static bool IsFolder(string name) => Canonical(name) == ImageFolderReader.DatasetName;

    /// <summary>
    /// The per-channel mean and standard deviation to normalize <paramref name="train"/> with: the published ones of
    /// <paramref name="name"/>, or for an image folder those computed over its training images (dev split excluded).
    /// </summary>
    public static (float[] Mean, float[] Std) Statistics(string name, ImageDataset train) =>
        IsFolder(name) ? ImageStatistics.Compute(train) : Statistics(name);

    /// <summary>
    /// The published per-channel mean and standard deviation (pixel values scaled to [0, 1]) used to normalize
    /// inputs: CIFAR-10's as in NAO's and DARTS's code, CIFAR-100's, and the MNIST-family ones.
    /// </summary>
    /// <exception cref="ArgumentException">An image folder, which has no published statistics: use the overload with the training images.</exception>
    public static (float[] Mean, float[] Std) Statistics(string name) => Canonical(name) switch
    {
        ImageFolderReader.DatasetName => throw new ArgumentException(
            "An image folder has no published statistics; compute them from its training images with Statistics(name, train)."),
        "cifar10" => ([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]),
        "cifar100" => ([0.5071f, 0.4865f, 0.4409f], [0.2673f, 0.2564f, 0.2762f]),
        "fashion-mnist" => ([0.2860f], [0.3530f]),
        _ => ([0.1307f], [0.3081f]),
    };

    private static string Canonical(string name)
    {
        var trimmed = name?.Trim().ToLowerInvariant() ?? "";
        return Names.Contains(trimmed) ? trimmed : throw new UnknownNameException("data set", name ?? "", Names);
    }
}
