using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.Torch;
using TorchSharp;

namespace Nao.Training;

/// <summary>
/// One stand-alone training of a cell network, as <c>nao train</c> runs it: <see cref="LoadData"/> reads the data set,
/// <see cref="Create"/> splits off the dev set, computes the normalization and builds the network (what a report's
/// header shows), and <see cref="Run"/> trains it and scores the dev and test images. Owns the network.
/// </summary>
public sealed class ConvTrainingJob : IDisposable
{
    private readonly CellNetwork model;
    private readonly (float[] Mean, float[] Std) statistics;

    private ConvTrainingJob(ConvTrainingJobOptions options, string dataPath, ImageDatasetSplits splits, ImageDataset train,
        ImageDataset? dev, CellNetworkOptions network, ConvTrainerOptions trainer, CellNetwork model, (float[] Mean, float[] Std) statistics)
    {
        Options = options;
        DataPath = dataPath;
        Splits = splits;
        Train = train;
        Dev = dev;
        Network = network;
        Trainer = trainer;
        this.model = model;
        this.statistics = statistics;
    }

    /// <summary>The options the job was created with.</summary>
    public ConvTrainingJobOptions Options { get; }

    /// <summary>Where the data were read from.</summary>
    public string DataPath { get; }

    /// <summary>The splits as read.</summary>
    public ImageDatasetSplits Splits { get; }

    /// <summary>The training images (after the dev split and the training limit).</summary>
    public ImageDataset Train { get; }

    /// <summary>The dev images; null with a dev size of 0 and no dev folder.</summary>
    public ImageDataset? Dev { get; }

    /// <summary>The test images; null when the data have none.</summary>
    public ImageDataset? Test => Splits.Test;

    /// <summary>The network's shape.</summary>
    public CellNetworkOptions Network { get; }

    /// <summary>The trainer's settings.</summary>
    public ConvTrainerOptions Trainer { get; }

    /// <summary>Parameters of the network, without the auxiliary head (as the paper counts).</summary>
    public long ParameterCount => model.ParameterCount();

    /// <summary>
    /// Checks the options, initializes torch (<see cref="ConvTrainingJobOptions.Threads"/>) and reads the data set;
    /// returns the folder read and the splits.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">Data files are missing.</exception>
    /// <exception cref="InvalidDataException">Data files are truncated or corrupt.</exception>
    public static (string Path, ImageDatasetSplits Splits) LoadData(ConvTrainingJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var path = options.ResolveDataPath();
        TorchRuntime.Initialize(options.Threads);
        return (path, ImageDatasets.Load(options.Dataset, path, options.FolderOptions()));
    }

    /// <summary>
    /// Splits off the dev set (the data's own dev split, else the last <see cref="ConvTrainingJobOptions.DevSize"/>
    /// training images), takes the training limit, and builds the network from <paramref name="genotype"/> with the
    /// seed's weights. Normalization uses the published statistics, or an image folder's computed on its training images.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or the dev split or the limit leaves too few training images.</exception>
    public static ConvTrainingJob Create(ConvGenotype genotype, ConvTrainingJobOptions options, string dataPath, ImageDatasetSplits splits)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(splits);
        options.Validate();
        // Again here, for a caller that read the data itself: idempotent, and the statistics below need torch.
        TorchRuntime.Initialize(options.Threads);
        if (splits.Dev is null && options.DevSize >= splits.Train.Count)
        {
            throw new ArgumentException(
                $"DevSize {options.DevSize} leaves no training images: {splits.Train.Source} holds {splits.Train.Count:N0}. Use a smaller dev size.");
        }
        var (all, dev) = splits.TrainAndDev(options.DevSize);
        var train = all.Take(options.LimitTrain);
        if (train.Count < 2) throw new ArgumentException($"Only {train.Count} training image(s) remain; batch norm needs at least 2.");
        var network = new CellNetworkOptions
        {
            Layers = options.Layers, Filters = options.Filters, InputChannels = train.Channels, Classes = train.Classes,
            AuxiliaryHead = options.AuxiliaryHead, DropPathKeepProbability = options.DropPathKeep, DropoutKeepProbability = options.DropoutKeep,
        };
        var trainer = new ConvTrainerOptions
        {
            Epochs = options.Epochs, BatchSize = options.BatchSize, LearningRate = options.LearningRate, WeightDecay = options.WeightDecay,
            Nesterov = options.Nesterov, LabelSmoothing = options.LabelSmoothing, Seed = options.Seed, CheckpointDirectory = options.CheckpointDirectory,
            Augmentation = new ImageAugmentationOptions
            {
                CutoutSize = options.Cutout ? 16 : 0,
                HorizontalFlip = ImageDatasets.Flips(options.Dataset),
            },
        };
        var statistics = ImageDatasets.Statistics(options.Dataset, train);
        torch.manual_seed(options.Seed);
        var model = new CellNetwork(genotype, network);
        return new ConvTrainingJob(options, dataPath, splits, train, dev, network, trainer, model, statistics);
    }

    /// <summary>
    /// Trains (resuming from the checkpoint folder when it holds one) and scores the dev and test images.
    /// <paramref name="log"/> receives a line per epoch.
    /// </summary>
    public ConvTrainingResult Run(TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        var trainBatcher = new ImageBatcher(Train, Trainer.Augmentation, statistics);
        var devBatcher = Dev is null ? null : new ImageBatcher(Dev, ImageAugmentationOptions.None, statistics);
        var testBatcher = Test is null ? null : new ImageBatcher(Test, ImageAugmentationOptions.None, statistics);
        return new ConvTrainer(Trainer, log).Train(model, trainBatcher, devBatcher, testBatcher, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => model.Dispose();
}
