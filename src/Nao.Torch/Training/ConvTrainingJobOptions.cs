using Nao.Data;

namespace Nao.Training;

/// <summary>
/// What a stand-alone training of one cell network (<c>nao train</c> on the nasnet or enas space) reads and how it
/// trains. Defaults are the paper's search setting for a child on CIFAR-10 (N=3, F=32, 25 epochs, batch 128, cosine
/// SGD from 0.024, 5,000 dev images); its final networks use N=6, F=36, 600 epochs, cutout and the auxiliary head.
/// </summary>
public sealed record ConvTrainingJobOptions
{
    /// <summary>The image data set: cifar10, cifar100, fashion-mnist, mnist or folder. Default cifar10.</summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>The data folder (or CIFAR's .tar.gz); null means $NAO_DATA/&lt;data set folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Image folders only: the side images are resized and centre-cropped to; null keeps their size. Default null.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Image folders only: 3 (RGB) or 1 (grey); null means 3. Default null.</summary>
    public int? Channels { get; init; }

    /// <summary>N: normal cells per stage (3N+2 cells in all). Default 3.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>F: channels per node in the first stage, doubled at each reduction. Default 32.</summary>
    public int Filters { get; init; } = 32;

    /// <summary>Epochs to train. Default 25.</summary>
    public int Epochs { get; init; } = 25;

    /// <summary>Train on the first K training images only (after the dev split); null for all. Default null.</summary>
    public int? LimitTrain { get; init; }

    /// <summary>
    /// Training images held out at the end as the dev set; 0 for none. An image folder's own dev folder takes its
    /// place. Default 5,000 (the paper).
    /// </summary>
    public int DevSize { get; init; } = 5000;

    /// <summary>Mini-batch size. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Whether to cut a 16×16 square out of every training image (the paper's final setting). Default false.</summary>
    public bool Cutout { get; init; }

    /// <summary>Whether to add the auxiliary head after the second reduction cell (loss weight 0.4). Default false.</summary>
    public bool AuxiliaryHead { get; init; }

    /// <summary>Initial learning rate of the cosine schedule. Default 0.024.</summary>
    public double LearningRate { get; init; } = 0.024;

    /// <summary>L2 weight decay. Default 5e-4.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Drop-path keep probability of the last cell at the end of training; 1 is off. Default 1.</summary>
    public double DropPathKeep { get; init; } = 1.0;

    /// <summary>Keep probability of the dropout before the classifier; 1 is off. Default 1.</summary>
    public double DropoutKeep { get; init; } = 1.0;

    /// <summary>Label smoothing of the loss; 0 is off. Default 0.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Whether to use Nesterov momentum. Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Random seed: data order, augmentation, initialization. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for torch; null leaves torch's choice. Default null.</summary>
    public int? Threads { get; init; }

    /// <summary>Folder for a checkpoint after every epoch; a folder with a checkpoint resumes it. Default null (none).</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Checks every field; the message names it and the fix.</summary>
    /// <exception cref="ArgumentException">A field is out of range or the data set is unknown.</exception>
    public void Validate()
    {
        _ = ImageDatasets.FolderName(Dataset);
        _ = FolderOptions();
        if (Layers < 1) throw new ArgumentException($"Layers must be at least 1 (got {Layers}).");
        if (Filters < 1) throw new ArgumentException($"Filters must be at least 1 (got {Filters}).");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1 (got {Epochs}).");
        if (LimitTrain is < 2) throw new ArgumentException($"LimitTrain must be at least 2, or null for all images (got {LimitTrain}).");
        if (DevSize < 0) throw new ArgumentException($"DevSize must be 0 (no dev set) or more (got {DevSize}).");
        if (BatchSize < 2) throw new ArgumentException($"BatchSize must be at least 2, because batch norm needs two images (got {BatchSize}).");
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentException($"LearningRate must be positive (got {LearningRate}).");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"WeightDecay must be 0 or more (got {WeightDecay}).");
        if (DropPathKeep is not (> 0 and <= 1)) throw new ArgumentException($"DropPathKeep is a keep probability in (0, 1] (got {DropPathKeep}); 1 turns drop-path off.");
        if (DropoutKeep is not (> 0 and <= 1)) throw new ArgumentException($"DropoutKeep is a keep probability in (0, 1] (got {DropoutKeep}); 1 turns dropout off.");
        if (LabelSmoothing is not (>= 0 and < 1)) throw new ArgumentException($"LabelSmoothing must be in [0, 1) (got {LabelSmoothing}).");
        if (Threads is < 1) throw new ArgumentException($"Threads must be at least 1 (got {Threads}).");
    }

    /// <summary>How an image folder is read; null for the published data sets.</summary>
    /// <exception cref="ArgumentException">ImageSize or Channels given for a published data set, or out of range.</exception>
    public ImageFolderOptions? FolderOptions() => ImageFolderSettings.Options(Dataset, ImageSize, Channels, "Training");

    /// <summary>The data folder: <see cref="DataPath"/>, else $NAO_DATA/&lt;data set folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, ImageDatasets.FolderName(Dataset),
        $"No data path: give DataPath, or set NAO_DATA to the folder that holds {ImageDatasets.FolderName(Dataset)}/.");
}
