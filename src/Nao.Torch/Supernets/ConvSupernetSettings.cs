using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Data;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Supernets;

/// <summary>
/// Everything needed to build a <see cref="ConvSupernet"/> for the <c>enas</c> space, in a form that round-trips
/// through JSON (camelCase names), so a run folder can store it and a resumed search rebuilds the same supernet.
/// Defaults are sized for a CPU; the paper's NAO-WS search uses N=3 (or more), F=20-32, batch 128-160.
/// </summary>
public sealed record ConvSupernetSettings
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

    /// <summary>Training images held out at the end as the dev set that scores architectures. Default 5,000 (the paper).</summary>
    public int DevSize { get; init; } = 5000;

    /// <summary>Train the shared weights on the first K remaining training images only; null for all. Default null.</summary>
    public int? LimitTrain { get; init; }

    /// <summary>N: normal cells per stage (3N normal and 2 reduction cells in all). Default 1 (small enough for a CPU).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>F: channels of every node in the first stage, doubled at each reduction. Default 16.</summary>
    public int Filters { get; init; } = 16;

    /// <summary>Mini-batch size, in training and in scoring. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Dev batches each architecture is scored on: the first DevBatches batches of the dev split, in order, without
    /// augmentation. One batch, as the official code uses, gives noisy scores (DESIGN.md section 6). Default 4.
    /// </summary>
    public int DevBatches { get; init; } = 4;

    /// <summary>Initial learning rate of the cosine schedule. Default 0.05 (NAO-WS's lr_max).</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The cosine schedule's floor, reached after <see cref="TotalEpochs"/> epochs. Default 0.001.</summary>
    public double MinLearningRate { get; init; } = 0.001;

    /// <summary>Weight decay (L2) of SGD. Default 3e-4 (between ENAS's 2.5e-4 and NAO's 5e-4).</summary>
    public double WeightDecay { get; init; } = 3e-4;

    /// <summary>Maximum global gradient norm; gradients above it are scaled down. Default 5 (ENAS, NAO-WS).</summary>
    public double GradientClip { get; init; } = 5.0;

    /// <summary>
    /// Supernet epochs the whole search plans; the cosine learning rate falls from <see cref="LearningRate"/> to
    /// <see cref="MinLearningRate"/> over them and stays at the floor after. Default 10.
    /// </summary>
    public int TotalEpochs { get; init; } = 10;

    /// <summary>
    /// The candidate ops, comma-separated names of <c>enas</c> ops (sep3x3, sep5x5, avg3x3, max3x3, identity, or
    /// their aliases); null means all five. A smaller set builds fewer weights; architectures using another op are
    /// rejected. Default null.
    /// </summary>
    public string? Ops { get; init; }

    /// <summary>Reads settings stored as JSON; null gives the defaults.</summary>
    /// <exception cref="ArgumentException">The JSON does not describe these settings.</exception>
    public static ConvSupernetSettings FromJson(JsonObject? json)
    {
        if (json is null) return new ConvSupernetSettings();
        try
        {
            return json.Deserialize<ConvSupernetSettings>(Json) ?? new ConvSupernetSettings();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The supernet settings are not valid: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>The settings as JSON (camelCase names).</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();

    /// <summary>Checks the values; the message names the setting and the fix.</summary>
    /// <exception cref="ArgumentException">A value is out of range, an op is unknown or the data set is unknown.</exception>
    public void Validate()
    {
        _ = ImageDatasets.FolderName(Dataset);
        _ = FolderOptions();
        if (DevSize < 1) throw new ArgumentException($"Supernet setting devSize must be at least 1 (got {DevSize}).");
        if (LimitTrain is < 2) throw new ArgumentException($"Supernet setting limitTrain must be at least 2, or left out for all images (got {LimitTrain}).");
        if (Layers < 1) throw new ArgumentException($"Supernet setting layers (N) must be at least 1 (got {Layers}).");
        if (Filters < 1) throw new ArgumentException($"Supernet setting filters (F) must be at least 1 (got {Filters}).");
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
        _ = CandidateOperations();
    }

    /// <summary>The candidate ops in the <c>enas</c> space's order: <see cref="Ops"/> parsed, or all five.</summary>
    /// <exception cref="ArgumentException">A name is unknown, not an <c>enas</c> op, or the list is empty.</exception>
    public IReadOnlyList<CellOperation> CandidateOperations()
    {
        var all = EnasOperations;
        if (Ops is null) return all;
        var chosen = new HashSet<CellOperation>();
        var valid = string.Join(", ", all.Select(o => o.Name()));
        foreach (var name in Ops.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!CellOperationNames.TryParse(name, out var op) || !all.Contains(op))
            {
                throw new ArgumentException($"Supernet setting ops: '{name}' is not an op of the enas space. Valid ops: {valid}.");
            }
            chosen.Add(op);
        }
        if (chosen.Count == 0) throw new ArgumentException($"Supernet setting ops lists no op; give some of {valid}, or leave it out for all.");
        return [.. all.Where(chosen.Contains)];
    }

    /// <summary>The data folder (or archive): <see cref="DataPath"/>, else $NAO_DATA/&lt;data set folder&gt;.</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set.</exception>
    public string ResolveDataPath() => DataRoot.Resolve(DataPath, ImageDatasets.FolderName(Dataset),
        $"No data path: set the supernet setting dataPath, or NAO_DATA to the folder that holds {ImageDatasets.FolderName(Dataset)}/.");

    /// <summary>How an image folder is read (imageSize, channels); null for the other data sets.</summary>
    /// <exception cref="ArgumentException">imageSize or channels is set for another data set, or out of range.</exception>
    public ImageFolderOptions? FolderOptions() => ImageFolderSettings.Options(Dataset, ImageSize, Channels, "Supernet");

    /// <summary>Reads the data set these settings name (<see cref="ResolveDataPath"/>, <see cref="FolderOptions"/>).</summary>
    /// <exception cref="ArgumentException">No data path is given and NAO_DATA is not set, or a folder setting is out of range.</exception>
    /// <exception cref="FileNotFoundException">Data files are missing.</exception>
    /// <exception cref="InvalidDataException">Data files are truncated or corrupt.</exception>
    public ImageDatasetSplits LoadData() => ImageDatasets.Load(Dataset, ResolveDataPath(), FolderOptions());

    /// <summary>
    /// The settings that shape the weights or their training, as JSON for a supernet file's fingerprint: not where
    /// the data lie, and the image-folder settings only when set, so files saved before they existed still load.
    /// </summary>
    internal string Fingerprint()
    {
        var json = (this with { DataPath = null }).ToJson();
        foreach (var key in new[] { "imageSize", "channels" })
        {
            if (json[key] is null) json.Remove(key);
        }
        return json.ToJsonString();
    }

    /// <summary>The five ops of the <c>enas</c> space, in the space's order.</summary>
    internal static IReadOnlyList<CellOperation> EnasOperations { get; } =
        [.. SearchSpaceRegistry.Enas.Operations.Select(name => CellOperationNames.TryParse(name, out var op) ? op
            : throw new InvalidOperationException($"The enas space lists '{name}', which is not a cell operation."))];
}
