using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Training;
using Nao.Search;

namespace Nao.Evaluation;

/// <summary>
/// Everything a search needs to build a <see cref="ConvTrainingEvaluator"/>, in a form that round-trips through
/// JSON, so a run folder can store it (<c>SearchOptions.Training</c>) and a resumed search rebuilds the same
/// evaluator. Defaults are the paper's search setting on CIFAR-10 (DESIGN.md section 3).
/// </summary>
public sealed record ConvTrainingSettings
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// The image data set: cifar10, cifar100, fashion-mnist, mnist, or folder (a folder of class folders, see
    /// <see cref="ImageFolderReader"/>). Default cifar10.
    /// </summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>The data folder (or CIFAR archive); null means $NAO_DATA/&lt;data set folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>
    /// Image folders only: resize the shorter side to this and crop the centre square; null keeps the images' own
    /// size, which must then be one for all. Default null.
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>Image folders only: 3 reads RGB, 1 grey; null means 3. Default null.</summary>
    public int? Channels { get; init; }

    /// <summary>Training images held out at the end as the dev set that scores each child. Default 5,000 (the paper).</summary>
    public int DevSize { get; init; } = 5000;

    /// <summary>Train each child on the first K remaining training images only; null for all. Default null.</summary>
    public int? LimitTrain { get; init; }

    /// <summary>N of each child. Default 3.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>F of each child. Default 32.</summary>
    public int Filters { get; init; } = 32;

    /// <summary>Epochs per child. Default 25.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Mini-batch size. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Initial cosine learning rate. Default 0.024.</summary>
    public double LearningRate { get; init; } = 0.024;

    /// <summary>Weight decay. Default 5e-4.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Folder for per-child checkpoints (one subfolder per genotype hash); null keeps none. Default null.</summary>
    public string? CheckpointRoot { get; init; }

    /// <summary>Reads settings stored as JSON; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these settings.</exception>
    public static ConvTrainingSettings FromJson(JsonObject? json)
    {
        if (json is null) return new ConvTrainingSettings();
        try
        {
            return json.Deserialize<ConvTrainingSettings>(Json) ?? new ConvTrainingSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The training settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>The settings as JSON (camelCase names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the data set is unknown.</exception>
    public void Validate()
    {
        _ = ImageDatasets.FolderName(Dataset);
        _ = FolderOptions();
        if (DevSize < 1) throw new ArgumentException($"Training setting devSize must be at least 1 (got {DevSize}).");
        if (LimitTrain is < 1) throw new ArgumentException($"Training setting limitTrain must be positive, or left out for all images (got {LimitTrain}).");
        if (Layers < 1) throw new ArgumentException($"Training setting layers (N) must be at least 1 (got {Layers}).");
        if (Filters < 1) throw new ArgumentException($"Training setting filters (F) must be at least 1 (got {Filters}).");
        if (Epochs < 1) throw new ArgumentException($"Training setting epochs must be at least 1 (got {Epochs}).");
        if (BatchSize < 2) throw new ArgumentException($"Training setting batchSize must be at least 2, for batch norm (got {BatchSize}).");
        if (!(LearningRate > 0)) throw new ArgumentException($"Training setting learningRate must be positive (got {LearningRate}).");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"Training setting weightDecay must be zero or positive (got {WeightDecay}).");
    }

    /// <summary>The data folder (or archive): <see cref="DataPath"/>, else $NAO_DATA/&lt;data set folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, ImageDatasets.FolderName(Dataset),
        $"No data path: set the training setting dataPath, or NAO_DATA to the folder that holds {ImageDatasets.FolderName(Dataset)}/.");

    /// <summary>How an image folder is read (imageSize, channels); null for the other data sets.</summary>
    /// <exception cref="ArgumentException">imageSize or channels is set for another data set, or out of range.</exception>
    public ImageFolderOptions? FolderOptions() => ImageFolderSettings.Options(Dataset, ImageSize, Channels, "Training");

    /// <summary>Reads the data set, splits off the dev set and builds the evaluator.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">Data files are missing.</exception>
    /// <exception cref="InvalidDataException">Data files are truncated or corrupt.</exception>
    public ConvTrainingEvaluator CreateEvaluator(int seed, TextWriter? log = null)
    {
        Validate();
        var path = ResolveDataPath();
        var splits = ImageDatasets.Load(Dataset, path, FolderOptions());
        if (splits.Dev is null && DevSize >= splits.Train.Count)
        {
            throw new ArgumentException(
                $"Training setting devSize = {DevSize} leaves no training images: {splits.Train.Source} holds {splits.Train.Count:N0}. Lower devSize.");
        }
        var (all, dev) = splits.TrainAndDev(DevSize);
        var train = all.Take(LimitTrain);
        var options = new ConvEvaluatorOptions
        {
            Network = new ConvEvaluatorOptions().Network with { Layers = Layers, Filters = Filters },
            Trainer = new ConvTrainerOptions
            {
                Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, WeightDecay = WeightDecay, Seed = seed,
                Augmentation = new ImageAugmentationOptions { HorizontalFlip = ImageDatasets.Flips(Dataset) },
            },
            CheckpointRoot = CheckpointRoot,
        };
        return new ConvTrainingEvaluator(options, train, dev!, ImageDatasets.Statistics(Dataset, train), log);
    }
}
