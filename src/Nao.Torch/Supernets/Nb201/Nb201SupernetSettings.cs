using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;

namespace Nao.Supernets.Nb201;

/// <summary>
/// Everything needed to build an <see cref="Nb201Supernet"/>, in a form that round-trips through JSON (camelCase
/// names), so a run folder stores it and a resumed search rebuilds the same supernet. NAS-Bench-201's own network is
/// N=5 cells per stage at C=16 on all 50,000 CIFAR-10 images for 200 epochs; the defaults are a proxy sized for 2 CPU
/// cores (one cell per stage, a fifth of the images, a few epochs), which ranks by the same cell but trains ~25× cheaper.
/// </summary>
public sealed record Nb201SupernetSettings
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The image data set: cifar10, cifar100, fashion-mnist, mnist, or folder. Default cifar10 (the table's).</summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>The data folder (or CIFAR archive); null means $NAO_DATA/&lt;data set folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Training images held out at the end as the dev set that scores architectures. Default 5,000.</summary>
    public int DevSize { get; init; } = 5000;

    /// <summary>Train the shared weights on the first K remaining training images only; null for all. Default 10,000.</summary>
    public int? LimitTrain { get; init; } = 10000;

    /// <summary>N: cells per stage (NAS-Bench-201: 5). Default 1, so an epoch of 10,000 images fits a few minutes on 2 cores.</summary>
    public int Cells { get; init; } = 1;

    /// <summary>C: channels of the first stage, doubled by each residual reduction (NAS-Bench-201: 16). Default 16.</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Mini-batch size, in training and in scoring. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Dev batches each architecture is scored on (the first ones of the dev split, no augmentation). Default 4.</summary>
    public int DevBatches { get; init; } = 4;

    /// <summary>Initial learning rate of the cosine schedule. Default 0.05 (NAO-WS's lr_max).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The cosine schedule's floor, reached after <see cref="TotalEpochs"/> epochs. Default 0.001.</summary>
    public double MinLearningRate { get; init; } = 0.001;

    /// <summary>Weight decay (L2) of SGD. Default 5e-4 (NAS-Bench-201's).</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Maximum global gradient norm; gradients above it are scaled down. Default 5 (ENAS, NAO-WS).</summary>
    public double GradientClip { get; init; } = 5.0;

    /// <summary>Supernet epochs the whole search plans (the cosine span). The part sets it to rounds × epochs per round. Default 6.</summary>
    public int TotalEpochs { get; init; } = 6;

    /// <summary>
    /// The first W supernet epochs train architectures drawn uniformly from the whole space instead of the pool, so
    /// every op's weights are trained before the pool narrows (a fix the issue names for poor ranking). Default 0.
    /// </summary>
    public int WarmupEpochs { get; init; }

    /// <summary>
    /// After the warm-up, the share of mini-batches that train a uniformly random architecture of the whole space
    /// instead of a pool one (sampling fairness: ops the pool lacks still learn). 0 trains the pool only. Default 0.
    /// </summary>
    public double SpaceFraction { get; init; }

    /// <summary>Reads settings stored as JSON; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these settings.</exception>
    public static Nb201SupernetSettings FromJson(JsonObject? json)
    {
        if (json is null) return new Nb201SupernetSettings();
        try
        {
            return json.Deserialize<Nb201SupernetSettings>(Json) ?? new Nb201SupernetSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The nb201 supernet settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>The settings as JSON (camelCase names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the data set is unknown.</exception>
    public void Validate()
    {
        _ = ImageDatasets.FolderName(Dataset);
        if (DevSize < 1) throw new ArgumentException($"Supernet setting devSize must be at least 1 (got {DevSize}).");
        if (LimitTrain is < 2) throw new ArgumentException($"Supernet setting limitTrain must be at least 2, or null for all images (got {LimitTrain}).");
        if (Cells < 1) throw new ArgumentException($"Supernet setting cells (N) must be at least 1 (got {Cells}).");
        if (Channels < 1) throw new ArgumentException($"Supernet setting channels (C) must be at least 1 (got {Channels}).");
        if (BatchSize < 2) throw new ArgumentException($"Supernet setting batchSize must be at least 2, for batch norm (got {BatchSize}).");
        if (DevBatches < 1) throw new ArgumentException($"Supernet setting devBatches must be at least 1 (got {DevBatches}).");
        if (DevBatches > DevSize / BatchSize)
        {
            throw new ArgumentException(
                $"Supernet settings devBatches = {DevBatches} and batchSize = {BatchSize} need {(long)DevBatches * BatchSize} dev images, " +
                $"but devSize is {DevSize}. Raise devSize or lower devBatches.");
        }
        if (!(LearningRate > 0)) throw new ArgumentException($"Supernet setting learningRate must be positive (got {LearningRate}).");
        if (!(MinLearningRate >= 0 && MinLearningRate <= LearningRate))
        {
            throw new ArgumentException($"Supernet setting minLearningRate must be in [0, learningRate = {LearningRate}] (got {MinLearningRate}).");
        }
        if (!(WeightDecay >= 0)) throw new ArgumentException($"Supernet setting weightDecay must be zero or positive (got {WeightDecay}).");
        if (!(GradientClip > 0)) throw new ArgumentException($"Supernet setting gradientClip must be positive (got {GradientClip}).");
        if (TotalEpochs < 1) throw new ArgumentException($"Supernet setting totalEpochs must be at least 1 (got {TotalEpochs}).");
        if (WarmupEpochs < 0) throw new ArgumentException($"Supernet setting warmupEpochs must be 0 or more (got {WarmupEpochs}).");
        if (!(SpaceFraction is >= 0 and <= 1)) throw new ArgumentException($"Supernet setting spaceFraction must be in [0, 1] (got {SpaceFraction}).");
    }

    /// <summary>The data folder (or archive): <see cref="DataPath"/>, else $NAO_DATA/&lt;data set folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, ImageDatasets.FolderName(Dataset),
        $"No data path: set the supernet setting dataPath, or NAO_DATA to the folder that holds {ImageDatasets.FolderName(Dataset)}/.");

    /// <summary>Reads the data set these settings name.</summary>
    public ImageDatasetSplits LoadData() => ImageDatasets.Load(Dataset, ResolveDataPath(), null);

    /// <summary>The settings that shape the weights or their training, for a supernet file's fingerprint (not where the data lie).</summary>
    internal string Fingerprint() => (this with { DataPath = null }).ToJson().ToJsonString();
}
