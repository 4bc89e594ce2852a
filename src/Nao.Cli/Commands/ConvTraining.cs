using System.Globalization;
using System.Text.Json;
using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using Nao.Training;

namespace Nao.Cli.Commands;

/// <summary>
/// The cell-space (nasnet, enas) side of <c>nao train</c>: checks the options, runs a <see cref="ConvTrainingJob"/>
/// (which reads the data, builds and trains the network) and prints the report.
/// </summary>
internal static class ConvTraining
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Runs the training; returns 0 when it completed, 1 when the loss diverged.</summary>
    public static async Task<int> RunAsync(CliConsole console, ArchitectureReference reference, ConvTrainingRequest request, CancellationToken cancellationToken)
    {
        if (reference.Genotype is not ConvGenotype genotype)
        {
            throw new UsageException($"nao train builds networks of the nasnet, enas, enas-rnn and nb201 spaces; '{reference.Space.Name}' architectures have no network here. Use --space nasnet, enas or nb201.");
        }
        Validate(request);
        var dataset = request.Dataset!;
        var options = new ConvTrainingJobOptions
        {
            Dataset = dataset, DataPath = DataPath(dataset, request.DataPath), ImageSize = request.ImageSize, Channels = request.Channels,
            Layers = request.Layers, Filters = request.Filters, Epochs = request.Epochs, LimitTrain = request.LimitTrain,
            DevSize = request.DevSize, BatchSize = request.Batch, Cutout = request.Cutout, AuxiliaryHead = request.Aux,
            LearningRate = request.LearningRate, WeightDecay = request.WeightDecay, DropPathKeep = request.DropPathKeep,
            DropoutKeep = request.DropoutKeep, LabelSmoothing = request.LabelSmoothing, Nesterov = request.Nesterov, Seed = request.Seed,
            Threads = request.Threads, CheckpointDirectory = request.CheckpointDir,
        };
        var (path, splits) = UsageErrors(() => ConvTrainingJob.LoadData(options));
        CommandOptions.Require(splits.Dev is not null || request.DevSize < splits.Train.Count,
            $"--dev-size {request.DevSize} leaves no training images: {splits.Train.Source} holds {splits.Train.Count:N0}. Use a smaller --dev-size.");
        var remaining = splits.Dev is null ? splits.Train.Count - request.DevSize : splits.Train.Count;
        CommandOptions.Require(Math.Min(request.LimitTrain ?? remaining, remaining) >= 2,
            $"--limit-train {request.LimitTrain} leaves fewer than 2 training images; batch norm needs at least 2.");
        using var job = UsageErrors(() => ConvTrainingJob.Create(genotype, options, path, splits));
        var (train, devSplit, network) = (job.Train, job.Dev, job.Network);
        var header = new[]
        {
            $"architecture: {(reference.PublishedName is null ? "" : reference.PublishedName + " ")}({reference.Space.Name})",
            $"network:      N={network.Layers} ({network.TotalCells} cells), F={network.Filters}, {network.Classes} classes, {CommandOptions.FormatCount(job.ParameterCount)} parameters",
            $"data:         {dataset} from {path}",
            $"train:        {train.Count:N0} images ({train.Source})",
            $"dev:          {(devSplit is null ? "none (--dev-size 0)" : $"{devSplit.Count:N0} images ({devSplit.Source})")}",
            $"test:         {(splits.Test is null ? "none (no test file)" : $"{splits.Test.Count:N0} images ({splits.Test.Source})")}",
        };
        foreach (var line in header) (request.Json ? console.Error : console.Out).WriteLine(line);

        var result = await Task.Run(() => job.Run(console.Error, cancellationToken), cancellationToken);

        if (request.Json) WriteJson(console, reference, network, job.Trainer, train, devSplit, splits.Test, result);
        else WriteText(console, result, splits.Test);
        return result.Status == TrainingStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }

    // The library says what is wrong in its own words (ArgumentException); here that is a usage error, exit 2.
    private static T UsageErrors<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (e is not UnknownNameException)
        {
            throw new UsageException(e.Message);
        }
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
        CommandOptions.Require(ImageDatasets.IsFolder(r.Dataset!) || (r.ImageSize is null && r.Channels is null),
            $"--image-size and --channels apply to --dataset {ImageFolderReader.DatasetName} only; {r.Dataset} images are read as published. Remove them.");
        CommandOptions.Require(r.ImageSize is null or >= 1, $"--image-size must be at least 1 (got {r.ImageSize}).");
        CommandOptions.Require(r.Channels is null or 1 or 3, $"--channels must be 3 (RGB) or 1 (grey) (got {r.Channels}).");
    }

    private static string DataPath(string dataset, string? given) => UsageErrors(() => DataRoot.Resolve(given, ImageDatasets.FolderName(dataset),
        $"--data is missing and NAO_DATA is not set. Pass --data PATH (the {ImageDatasets.FolderName(dataset)} folder), or set NAO_DATA to the folder that holds {ImageDatasets.FolderName(dataset)}/."));

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
