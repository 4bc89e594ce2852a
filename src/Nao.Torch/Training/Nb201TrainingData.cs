using Nao.Data;
using Nao.Torch;

namespace Nao.Training;

/// <summary>
/// The images an NB201 training reads, loaded once and shared by every architecture trained on them: the
/// <see cref="Nb201ValidSplit"/> halves of the data set's training images, cut to the options' subsets, and the
/// normalization statistics.
/// </summary>
/// <param name="Path">Where the data were read from.</param>
/// <param name="Train">The images trained on.</param>
/// <param name="Valid">The images validated on.</param>
/// <param name="Statistics">Per-channel mean and standard deviation for normalization.</param>
public sealed record Nb201TrainingData(string Path, ImageDataset Train, ImageDataset Valid, (float[] Mean, float[] Std) Statistics)
{
    /// <summary>Reads the data set of <paramref name="options"/>, splits it and takes the subsets.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">Data files are missing.</exception>
    /// <exception cref="InvalidDataException">Data files are truncated or corrupt.</exception>
    public static Nb201TrainingData Load(Nb201TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = options.ResolveDataPath();
        TorchRuntime.Initialize(options.Threads);
        var splits = ImageDatasets.Load(options.Dataset, path);
        var (train, valid) = Nb201ValidSplit.Split(splits.Train);
        train = train.Take(options.TrainImages);
        valid = valid.Take(options.ValidImages);
        return new Nb201TrainingData(path, train, valid, ImageDatasets.Statistics(options.Dataset, train));
    }
}
