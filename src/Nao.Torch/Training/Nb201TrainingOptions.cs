using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Networks.Nb201;

namespace Nao.Training;

/// <summary>
/// How a NAS-Bench-201 network is trained: the benchmark's own protocol by default (SGD with Nesterov momentum 0.9,
/// learning rate 0.1 with cosine decay to 0 over every step, weight decay 5e-4, batch 256, random crop and flip, 200
/// epochs, the cifar10-valid split of <see cref="Nb201ValidSplit"/>), with the network at N=5, C=16. Cheap proxies
/// change Epochs, Cells, Channels, TrainImages and ValidImages. One record serves <c>nao train</c>, the search
/// evaluator (<c>--training</c> settings, by these property names) and the proxy study.
/// </summary>
public sealed record Nb201TrainingOptions
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The image data set (its training images are split in halves): cifar10, cifar100, fashion-mnist or mnist. Default cifar10.</summary>
    public string Dataset { get; init; } = "cifar10";

    /// <summary>The data folder (or CIFAR's .tar.gz); null means $NAO_DATA/&lt;data set folder&gt;. Default null.</summary>
    public string? DataPath { get; init; }

    /// <summary>N: cells per stage. Default 5 (NAS-Bench-201).</summary>
    public int Cells { get; init; } = 5;

    /// <summary>C: channels of the first stage. Default 16 (NAS-Bench-201).</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Epochs to train; the cosine schedule spans them. Default 200 (NAS-Bench-201's val200 columns).</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Train on the first K images of the training half only; null for all (25,000 on CIFAR). Default null.</summary>
    public int? TrainImages { get; init; }

    /// <summary>Validate on the first K images of the validation half only; null for all (25,000 on CIFAR). Default null.</summary>
    public int? ValidImages { get; init; }

    /// <summary>Mini-batch size. Default 256 (NAS-Bench-201).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Initial learning rate of the cosine schedule. Default 0.1 (NAS-Bench-201).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD momentum. Default 0.9 (NAS-Bench-201).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Whether the momentum is Nesterov's. Default true (NAS-Bench-201).</summary>
    public bool Nesterov { get; init; } = true;

    /// <summary>L2 weight decay. Default 5e-4 (NAS-Bench-201).</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Seed of the initialization, the data order and the augmentations. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for torch; null leaves torch's choice. Default null.</summary>
    public int? Threads { get; init; }

    /// <summary>The network these options build, for images of <paramref name="data"/>'s shape.</summary>
    public Nb201NetworkOptions Network(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Nb201NetworkOptions
        {
            Cells = Cells, Channels = Channels, InputSize = data.Height, InputChannels = data.Channels, Classes = data.Classes,
        };
    }

    /// <summary>Checks every field; the message names it and the fix.</summary>
    /// <exception cref="ArgumentException">A field is out of range or the data set is unknown or not one of the published ones.</exception>
    public void Validate()
    {
        _ = ImageDatasets.FolderName(Dataset);
        if (ImageDatasets.IsFolder(Dataset)) throw new ArgumentException("NB201 training splits a published data set's training images in halves; use cifar10, cifar100, fashion-mnist or mnist.");
        Require(Cells >= 1, $"cells (N) must be at least 1 (got {Cells})");
        Require(Channels >= 1, $"channels (C) must be at least 1 (got {Channels})");
        Require(Epochs >= 1, $"epochs must be at least 1 (got {Epochs})");
        Require(TrainImages is null or >= 2, $"trainImages must be at least 2, or left out for the whole training half (got {TrainImages})");
        Require(ValidImages is null or >= 1, $"validImages must be at least 1, or left out for the whole validation half (got {ValidImages})");
        Require(BatchSize >= 2, $"batchSize must be at least 2, because batch norm needs two images (got {BatchSize})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"learningRate must be positive (got {LearningRate})");
        Require(Momentum is >= 0 and < 1, $"momentum must be in [0, 1) (got {Momentum})");
        Require(!Nesterov || Momentum > 0, "nesterov needs a positive momentum");
        Require(WeightDecay >= 0, $"weightDecay must be 0 or more (got {WeightDecay})");
        Require(Threads is null or >= 1, $"threads must be at least 1 (got {Threads})");
    }

    /// <summary>The data folder: <see cref="DataPath"/>, else $NAO_DATA/&lt;data set folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, ImageDatasets.FolderName(Dataset),
        $"No data path: set the training setting dataPath, or NAO_DATA to the folder that holds {ImageDatasets.FolderName(Dataset)}/.");

    /// <summary>The cosine learning rate after <paramref name="step"/> of <paramref name="totalSteps"/> steps (annealed per step to 0).</summary>
    public double LearningRateAt(long step, long totalSteps) =>
        LearningRate * (1 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / Math.Max(1, totalSteps))) / 2;

    /// <summary>The options as stored in a search run.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Reads stored options; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these options.</exception>
    public static Nb201TrainingOptions FromJson(JsonObject? json)
    {
        if (json is null) return new Nb201TrainingOptions();
        try
        {
            return json.Deserialize<Nb201TrainingOptions>(Json) ?? new Nb201TrainingOptions();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The NB201 training settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException($"NB201 training setting {problem}.");
    }
}
