namespace Nao.Data;

/// <summary>
/// Reads MNIST or Fashion-MNIST from a folder of the four official IDX files
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>), each plain or with <c>.gz</c>. Images are 28×28 grey, 10 classes.
/// </summary>
public static class MnistReader
{
    /// <summary>Reads both splits; the test split is null when its files are absent.</summary>
    /// <exception cref="FileNotFoundException">The folder or a training file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is truncated or corrupt, or images and labels disagree.</exception>
    public static ImageDatasetSplits Read(string folder, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw DataFileErrors.Missing(folder, $"a {name} folder with the IDX files", "Pass --data with the folder that holds train-images-idx3-ubyte.gz.");
        }
        var train = ReadSplit(folder, "train", name, required: true)!;
        var test = ReadSplit(folder, "t10k", name, required: false);
        return new ImageDatasetSplits(name, train, test);
    }

    private static ImageDataset? ReadSplit(string folder, string prefix, string name, bool required)
    {
        var images = Find(folder, $"{prefix}-images-idx3-ubyte");
        var labels = Find(folder, $"{prefix}-labels-idx1-ubyte");
        if (images is null || labels is null)
        {
            if (!required && images is null && labels is null) return null;
            var missing = Path.Combine(folder, $"{(images is null ? $"{prefix}-images-idx3-ubyte" : $"{prefix}-labels-idx1-ubyte")}[.gz]");
            throw DataFileErrors.Missing(missing, $"the {name} {prefix} IDX file", "Copy the four official files (plain or .gz) into the folder.");
        }
        var (imageShape, pixels) = IdxReader.Read(images, 3);
        var (labelShape, labelBytes) = IdxReader.Read(labels, 1);
        if (imageShape[0] != labelShape[0])
        {
            throw DataFileErrors.Corrupt(labels, $"it has {labelShape[0]:N0} labels but {Path.GetFileName(images)} has {imageShape[0]:N0} images");
        }
        var classes = 10;
        var values = new int[labelBytes.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (labelBytes[i] >= classes) throw DataFileErrors.Corrupt(labels, $"label {i} is {labelBytes[i]}, but {name} labels are 0..9");
            values[i] = labelBytes[i];
        }
        var source = $"{Path.GetFileName(images)}, {Path.GetFileName(labels)}";
        return new ImageDataset(source, pixels, values, 1, imageShape[1], imageShape[2], classes);
    }

    private static string? Find(string folder, string stem)
    {
        foreach (var candidate in new[] { stem, stem + ".gz", stem.Replace("-idx", ".idx", StringComparison.Ordinal), stem.Replace("-idx", ".idx", StringComparison.Ordinal) + ".gz" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
