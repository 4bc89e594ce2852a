using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Controller;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.Strategies;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary>
/// The parts of a search that live in Nao.Torch (the NAO controller, the training evaluators), wired into the
/// library's <see cref="SearchRunner"/>. A part that has not landed yet is null, and asking for it is a usage error.
/// </summary>
internal static class Factories
{
    /// <summary>A runner with every part this build has; <paramref name="remote"/> sends evaluations elsewhere (a cluster).</summary>
    public static SearchRunner Runner(Func<SearchOptions, IEvaluator>? remote = null) => new(CreateController, CreateTrainer, remote);

    /// <summary>
    /// For NAO, replaces the controller settings the user typed (a few NAME=VALUE pairs) by the complete settings
    /// the search will use, so the run folder records them and a resume does not depend on later default changes.
    /// </summary>
    /// <exception cref="UsageException">An unknown setting name or an invalid value; the message lists the valid names.</exception>
    public static SearchOptions Describe(SearchOptions options)
    {
        var space = SearchSpaceRegistry.Get(options.Space);
        if (options.Strategy == NaoStrategy.StrategyName)
        {
            options = options with { Controller = JsonSerializer.SerializeToNode(Resolve(options.Controller, space), RunJson.Options)!.AsObject() };
        }
        if (options.Evaluator == SearchFactory.TrainEvaluator)
        {
            options = options with { Training = ResolveTraining(options.Training, space) };
        }
        else if (options.Training is not null)
        {
            throw new UsageException($"--training applies to --evaluator train only; drop it, or use --evaluator train (got --evaluator {options.Evaluator}).");
        }
        return options;
    }

    /// <summary>
    /// The complete training settings of a search that trains every child: the defaults of the space's trainer
    /// (<see cref="ConvTrainingSettings"/> or <see cref="RecurrentTrainingSettings"/>), then the user's NAME=VALUE
    /// settings; checked, and the data folder must exist, so a typo fails before the first child trains.
    /// </summary>
    /// <exception cref="UsageException">Unknown setting, bad value, or missing data; the message names the fix.</exception>
    internal static JsonObject ResolveTraining(JsonObject? settings, ISearchSpace space)
    {
        try
        {
            switch (space.Tokenizer)
            {
                case Nao.Tokenization.CellTokenizer:
                {
                    var conv = Merge(new ConvTrainingSettings(), settings, "--training");
                    conv.Validate();
                    RequireData(conv.ResolveDataPath());
                    return conv.ToJson();
                }
                case Nao.Tokenization.RecurrentTokenizer:
                {
                    var recurrent = Merge(new RecurrentTrainingSettings(), settings, "--training");
                    recurrent.Validate();
                    RequireData(recurrent.ResolveDataPath());
                    return recurrent.ToJson();
                }
                default:
                    throw new UsageException($"--evaluator train has no trainer for the '{space.Name}' space; use --evaluator benchmark on nb201.");
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void RequireData(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new UsageException($"The training data '{path}' does not exist. Set --training dataPath=FOLDER, or NAO_DATA to the folder that holds the data sets.");
        }
    }

    /// <summary>
    /// <paramref name="defaults"/> with the user's NAME=VALUE settings laid over it (names case-insensitive), via JSON,
    /// so every settings record is configurable by its own property names with no per-setting CLI code.
    /// </summary>
    /// <exception cref="UsageException">An unknown name (the message lists the valid ones) or a value of the wrong type.</exception>
    internal static T Merge<T>(T defaults, JsonObject? settings, string option)
    {
        var json = JsonSerializer.SerializeToNode(defaults, RunJson.Options)!.AsObject();
        foreach (var (name, value) in settings ?? [])
        {
            var key = json.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"Unknown {option} setting '{name}'. Valid settings: {string.Join(", ", json.Select(p => p.Key))}.");
            json[key] = value?.DeepClone();
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json.ToJsonString(), RunJson.Options)!;
        }
        catch (JsonException e)
        {
            throw new UsageException($"A {option} setting has a value of the wrong type ({e.Path}): {e.Message}");
        }
    }

    /// <summary>
    /// The search's controller defaults: the controller's own for the space, except rank normalization (NAS-Bench-201's
    /// few ~10% architectures squeeze min-max targets of all good ones near 1) and 100 epochs per round (as good as
    /// 300 in the measured searches, three times faster); then the user's settings.
    /// </summary>
    internal static ControllerOptions Resolve(JsonObject? settings, ISearchSpace space)
    {
        var defaults = ControllerOptions.For(space) with { Normalization = ScoreNormalization.Rank, Epochs = 100 };
        var options = Merge(defaults, settings, "--controller");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"Controller setting: {e.Message}");
        }
        return options;
    }

    private static IEvaluator CreateTrainer(SearchOptions options, ISearchSpace space)
    {
        // Training settings arrive as the run's opaque JSON, so a resumed run trains children exactly as before.
        TorchRuntime.Initialize();
        return space.Tokenizer switch
        {
            Nao.Tokenization.CellTokenizer => ConvTrainingSettings.FromJson(options.Training).CreateEvaluator(options.Seed),
            Nao.Tokenization.RecurrentTokenizer => RecurrentTrainingSettings.FromJson(options.Training).CreateEvaluator(options.Seed),
            _ => throw new UsageException($"--evaluator train is not available for the '{space.Name}' space; use --evaluator benchmark on nb201."),
        };
    }

    private static IArchitectureOptimizer CreateController(SearchOptions options, ISearchSpace space)
    {
        // One thread: reproducible across machines (torch sums differ with the thread count) and, for the controller's small
        // batches, faster than two on a shared 2-core machine (measured).
        TorchRuntime.Initialize(threads: 1);
        return new NaoController(space, Resolve(options.Controller, space));
    }
}
