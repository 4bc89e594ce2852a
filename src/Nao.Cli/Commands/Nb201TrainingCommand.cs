using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Training;

namespace Nao.Cli.Commands;

/// <summary>
/// The nb201 side of <c>nao train</c>: NAS-Bench-201's protocol (<see cref="Nb201TrainingOptions"/>) unless an option
/// says otherwise. --layers is N, --filters is C, --limit-train and --limit-valid take the first images of the
/// training and validation halves; options the protocol has no place for are rejected.
/// </summary>
internal static class Nb201TrainingCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Options that do not apply to nb201 training.</summary>
    public static IReadOnlyList<Option> NotApplicable(TrainOptions o) =>
        [o.DevSize, o.Cutout, o.Aux, o.DropPath, o.DropoutKeep, o.LabelSmoothing, o.Nesterov, o.Checkpoint, o.ImageSize, o.Channels];

    /// <summary>Trains; returns 0 when it completed, 1 when the loss diverged.</summary>
    public static async Task<int> RunAsync(CliConsole console, Nb201Genotype genotype, ParseResult parse, TrainOptions o, CancellationToken cancellationToken)
    {
        T Given<T>(Option<T> option, T otherwise) => CommandOptions.WasGiven(parse, option) ? parse.GetValue(option)! : otherwise;
        var defaults = new Nb201TrainingOptions();
        var options = defaults with
        {
            Dataset = parse.GetValue(o.Dataset) ?? defaults.Dataset,
            DataPath = parse.GetValue(o.Data),
            Cells = Given(o.Layers, defaults.Cells),
            Channels = Given(o.Filters, defaults.Channels),
            Epochs = Given(o.Epochs, defaults.Epochs),
            TrainImages = parse.GetValue(o.LimitTrain),
            ValidImages = parse.GetValue(o.LimitValid),
            BatchSize = parse.GetValue(o.Batch) ?? defaults.BatchSize,
            LearningRate = Given(o.LearningRate, defaults.LearningRate),
            WeightDecay = Given(o.WeightDecay, defaults.WeightDecay),
            Seed = parse.GetValue(o.Seed),
            Threads = parse.GetValue(o.Threads),
        };
        var data = UsageErrors(() => Nb201TrainingData.Load(options));
        var json = parse.GetValue(o.Json);
        var header = new[]
        {
            $"architecture: {genotype.Canonical} (nb201)",
            $"network:      N={options.Cells} ({3 * options.Cells} cells, 2 residual blocks), C={options.Channels}, {data.Train.Classes} classes",
            $"protocol:     {options.Epochs} epochs, batch {options.BatchSize}, SGD Nesterov 0.9, lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)} cosine, wd {options.WeightDecay.ToString(CultureInfo.InvariantCulture)}, crop + flip",
            $"data:         {options.Dataset} from {data.Path}",
            $"train:        {data.Train.Count:N0} images ({data.Train.Source})",
            $"valid:        {data.Valid.Count:N0} images ({data.Valid.Source})",
        };
        foreach (var line in header) (json ? console.Error : console.Out).WriteLine(line);
        var result = await Task.Run(() => Nb201Trainer.Train(genotype, options, data, console.Error, cancellationToken), cancellationToken);
        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                Architecture = genotype.Canonical,
                Space = "nb201",
                Status = result.Status.ToString().ToLowerInvariant(),
                result.Message,
                options.Cells,
                options.Channels,
                options.Epochs,
                result.Parameters,
                Flops = result.MultiplyAdds,
                TrainImages = data.Train.Count,
                ValidImages = data.Valid.Count,
                result.ValidAccuracy,
                Seconds = result.Elapsed.TotalSeconds,
                History = result.Epochs,
            }, Json));
        }
        else
        {
            var w = console.Out;
            w.WriteLine($"parameters:   {CommandOptions.FormatCount(result.Parameters)}; FLOPs {CommandOptions.FormatCount(result.MultiplyAdds)} multiply-adds per image");
            if (result.Status != TrainingStatus.Completed) w.WriteLine($"status:       {result.Status.ToString().ToLowerInvariant()}: {result.Message}");
            if (result.ValidAccuracy is { } accuracy) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"valid accuracy: {accuracy:P2} after epoch {result.Epochs.Count}"));
            w.WriteLine($"time:         {TrainingProgress.FormatDuration(result.Elapsed)}");
        }
        return result.Status == TrainingStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }

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
}
