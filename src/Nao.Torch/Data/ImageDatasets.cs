using Nao.SearchSpaces;

namespace Nao.Data;

/// <summary>The registry of image data sets: names, their usual folder names, their readers and channel statistics.</summary>
public static class ImageDatasets
{
    /// <summary>The registry names, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cifar10", "cifar100", "fashion-mnist", "mnist"];

    /// <summary>The folder name under a data root (<c>NAO_DATA</c>): cifar-10, cifar-100, fashion-mnist, mnist.</summary>
    /// <exception cref="UnknownNameException">An unknown data set name.</exception>
    public static string FolderName(string name) => Canonical(name) switch
    {
        "cifar10" => "cifar-10",
        "cifar100" => "cifar-100",
        var other => other,
    };

    /// <summary>Reads the data set <paramref name="name"/> from <paramref name="path"/>.</summary>
    /// <exception cref="UnknownNameException">An unknown data set name.</exception>
    /// <exception cref="FileNotFoundException">Missing files.</exception>
    /// <exception cref="InvalidDataException">Truncated or corrupt files.</exception>
    public static ImageDatasetSplits Load(string name, string path) => Canonical(name) switch
    {
        "cifar10" => CifarReader.Read(path, cifar100: false),
        "cifar100" => CifarReader.Read(path, cifar100: true),
        var mnist => MnistReader.Read(path, mnist),
    };

    /// <summary>
    /// The published per-channel mean and standard deviation (pixel values scaled to [0, 1]) used to normalize
    /// inputs: CIFAR-10's as in NAO's and DARTS's code, CIFAR-100's, and the MNIST-family ones.
    /// </summary>
    public static (float[] Mean, float[] Std) Statistics(string name) => Canonical(name) switch
    {
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
