using System.Globalization;
using System.Text.Json;
using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Torch;
using Nao.Training;
using TorchSharp;

namespace Nao.Cli.Commands;

/// <summary>The cell-space (nasnet, enas) side of <c>nao train</c>: reads the data, builds and trains the network, reports.</summary>
internal static class ConvTraining
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Runs the training; returns 0 when it completed, 1 when the loss diverged.</summary>
    public static async Task<int> RunAsync(CliConsole console, ArchitectureReference reference, ConvTrainingRequest request, CancellationToken cancellationToken)
    {
        if (reference.Genotype is not ConvGenotype genotype)
        {
            throw new UsageException($"nao train builds networks of the nasnet, enas and enas-rnn spaces; '{reference.Space.Name}' architectures have no network here. Use --space nasnet or enas.");
        }
        Validate(request);
        var dataset = request.Dataset!;
        var path = DataPath(dataset, request.DataPath);
        TorchRuntime.Initialize(request.Threads);

        var splits = ImageDatasets.Load(dataset, path);
        CommandOptions.Require(request.DevSize < splits.Train.Count,
            $"--dev-size {request.DevSize} leaves no training images: {splits.Train.Source} holds {splits.Train.Count:N0}. Use a smaller --dev-size.");
        var (trainSplit, devSplit) = request.DevSize > 0 ? splits.Train.SplitDev(request.DevSize) : (splits.Train, null);
        var train = trainSplit.Take(request.LimitTrain);
        CommandOptions.Require(train.Count >= 2, $"--limit-train {request.LimitTrain} leaves fewer than 2 training images; batch norm needs at least 2.");
        var statistics = ImageDatasets.Statistics(dataset);
        var network = new CellNetworkOptions
        {
            Layers = request.Layers, Filters = request.Filters, InputChannels = train.Channels, Classes = train.Classes,
            AuxiliaryHead = request.Aux, DropPathKeepProbability = request.DropPathKeep, DropoutKeepProbability = request.DropoutKeep,
        };
        var trainer = new ConvTrainerOptions
        {
            Epochs = request.Epochs, BatchSize = request.Batch, LearningRate = request.LearningRate, WeightDecay = request.WeightDecay,
            Nesterov = request.Nesterov, LabelSmoothing = request.LabelSmoothing, Seed = request.Seed, CheckpointDirectory = request.CheckpointDir,
            Augmentation = new ImageAugmentationOptions
            {
                CutoutSize = request.Cutout ? 16 : 0,
                // Mirror images of digits are other digits (or none); MNIST is not flipped.
                HorizontalFlip = dataset.Trim().ToLowerInvariant() != "mnist",
            },
        };

        torch.manual_seed(request.Seed);
        using var model = new CellNetwork(genotype, network);
        var header = new[]
        {
            $"architecture: {(reference.PublishedName is null ? "" : reference.PublishedName + " ")}({reference.Space.Name})",
            $"network:      N={network.Layers} ({network.TotalCells} cells), F={network.Filters}, {network.Classes} classes, {CommandOptions.FormatCount(model.ParameterCount())} parameters",
            $"data:         {dataset} from {path}",
            $"train:        {train.Count:N0} images ({train.Source})",
            $"dev:          {(devSplit is null ? "none (--dev-size 0)" : $"{devSplit.Count:N0} images ({devSplit.Source})")}",
            $"test:         {(splits.Test is null ? "none (no test file)" : $"{splits.Test.Count:N0} images ({splits.Test.Source})")}",
        };
        foreach (var line in header) (request.Json ? console.Error : console.Out).WriteLine(line);

        var trainBatcher = new ImageBatcher(train, trainer.Augmentation, statistics);
        var devBatcher = devSplit is null ? null : new ImageBatcher(devSplit, ImageAugmentationOptions.None, statistics);
        var testBatcher = splits.Test is null ? null : new ImageBatcher(splits.Test, ImageAugmentationOptions.None, statistics);
        var result = await Task.Run(() => new ConvTrainer(trainer, console.Error).Train(model, trainBatcher, devBatcher, testBatcher, cancellationToken),
            cancellationToken);

        if (request.Json) WriteJson(console, reference, network, trainer, train, devSplit, splits.Test, result);
        else WriteText(console, result, splits.Test);
        return result.Status == TrainingStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Validate(ConvTrainingRequest r)
    {
        CommandOptions.Require(r.Dataset is not null, $"--dataset is missing. Pick one of {string.Join(", ", ImageDatasets.Names)}.");
        ImageDatasets.FolderName(r.Dataset!);
        CommandOptions.Require(r.Layers >= 1, $"--layers must be at least 1 (got {r.Layers}).");
        CommandOptions.Require(r.Filters >= 1, $"--filters must be at least 1 (got {r.Filters}).");
        CommandOptions.Require(r.Epochs >= 1, $"--epochs must be at least 1 (got {r.Epochs}).");
        CommandOptions.Require(r.LimitTrain is null or >= 2, $"--limit-train must be at least 2 (got {r.LimitTrain}).");
        CommandOptions.Require(r.DevSize >= 0, $"--dev-size must be 0 (no dev set) or more (got {r.DevSize}).");
        CommandOptions.Require(r.Batch >= 2, $"--batch must be at least 2, because batch norm needs two images (got {r.Batch}).");
        CommandOptions.Require(r.LearningRate > 0 && double.IsFinite(r.LearningRate), $"--lr must be positive (got {r.LearningRate}).");
        CommandOptions.Require(r.WeightDecay >= 0, $"--weight-decay must be 0 or more (got {r.WeightDecay}).");
        CommandOptions.Require(r.DropPathKeep is > 0 and <= 1, $"--drop-path is a keep probability in (0, 1] (got {r.DropPathKeep}); 1 turns drop-path off.");
        CommandOptions.Require(r.DropoutKeep is > 0 and <= 1, $"--dropout-keep is a keep probability in (0, 1] (got {r.DropoutKeep}); 1 turns dropout off.");
        CommandOptions.Require(r.LabelSmoothing is >= 0 and < 1, $"--label-smoothing must be in [0, 1) (got {r.LabelSmoothing}).");
        CommandOptions.Require(r.Threads is null or >= 1, $"--threads must be at least 1 (got {r.Threads}).");
    }

    private static string DataPath(string dataset, string? given)
    {
        if (given is not null) return given;
        var root = Environment.GetEnvironmentVariable("NAO_DATA");
        CommandOptions.Require(!string.IsNullOrWhiteSpace(root),
            $"--data is missing and NAO_DATA is not set. Pass --data PATH (the {ImageDatasets.FolderName(dataset)} folder), or set NAO_DATA to the folder that holds {ImageDatasets.FolderName(dataset)}/.");
        return Path.Combine(root!, ImageDatasets.FolderName(dataset));
    }

    private static void WriteText(CliConsole console, ConvTrainingResult result, ImageDataset? test)
    {
        var o = console.Out;
        if (result.ResumedFromEpoch > 0) o.WriteLine($"resumed:      after epoch {result.ResumedFromEpoch}");
        if (result.Status != TrainingStatus.Completed) o.WriteLine($"status:       {result.Status.ToString().ToLowerInvariant()}: {result.Message}");
        if (result.BestDevAccuracy is { } best)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dev accuracy: best {best:P2} (epoch {result.BestEpoch}), final {result.FinalDevAccuracy:P2}"));
        }
        if (result.TestAccuracy is { } accuracy)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy:P2} on {result.TestImages:N0} images ({test!.Source})"));
        }
        o.WriteLine($"time:         {TrainingProgress.FormatDuration(result.Elapsed)}");
    }

    private static void WriteJson(CliConsole console, ArchitectureReference reference, CellNetworkOptions network, ConvTrainerOptions trainer,
        ImageDataset train, ImageDataset? dev, ImageDataset? test, ConvTrainingResult result)
    {
        var document = new
        {
            Architecture = reference.Genotype.Canonical,
            Name = reference.PublishedName,
            Space = reference.Space.Name,
            Status = result.Status.ToString().ToLowerInvariant(),
            result.Message,
            network.Layers,
            network.Filters,
            result.Parameters,
            trainer.Epochs,
            TrainImages = train.Count,
            DevImages = dev?.Count ?? 0,
            result.BestDevAccuracy,
            result.BestEpoch,
            result.FinalDevAccuracy,
            result.TestAccuracy,
            result.TestImages,
            TestSource = test?.Source,
            result.ResumedFromEpoch,
            Seconds = result.Elapsed.TotalSeconds,
            History = result.Epochs,
        };
        console.Out.WriteLine(JsonSerializer.Serialize(document, Json));
    }
}
