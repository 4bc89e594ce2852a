using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Controller;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.Strategies;
using Nao.Supernets;
using Nao.WeightSharing;
using Nao.Torch;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary>
/// The parts of a search that live in Nao.Torch (the NAO controller, the training evaluators), wired into the
/// library's <see cref="SearchRunner"/>. A part that has not landed yet is null, and asking for it is a usage error.
/// </summary>
internal static class Factories
{
    /// <summary>
    /// A runner with every part this build has; <paramref name="remote"/> sends evaluations elsewhere (a cluster);
    /// <paramref name="progress"/> receives the supernet's epochs and the final retraining of a weight-sharing search.
    /// </summary>
    public static SearchRunner Runner(Func<SearchOptions, IEvaluator>? remote = null, TextWriter? progress = null) =>
        new(CreateController, CreateTrainer, remote, CreateSupernet)
        {
            SupernetProgress = progress is null ? null : new SupernetProgressPrinter(progress),
            FinalProgress = progress is null ? null : new FinalTrainingPrinter(progress),
        };

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
        if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            options = options with { Supernet = ResolveSupernet(options.Supernet, space, options.WeightSharing) };
        }
        if (options.Evaluator == SearchFactory.TrainEvaluator
            || (options.Evaluator == SearchFactory.WeightSharingEvaluator && options.WeightSharing.FinalTrain > 0))
        {
            options = options with { Training = ResolveTraining(options.Training, space) };
        }
        else if (options.Training is not null && options.Evaluator == SearchFactory.WeightSharingEvaluator)
        {
            throw new UsageException("--training sets how --final-train retrains the best architectures; add --final-train k, or drop --training.");
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

    /// <summary>
    /// The complete supernet settings of a weight-sharing search: the space's supernet defaults, with the cosine
    /// schedule spanning the whole search (rounds × epochs per round) unless the user set <c>totalEpochs</c>, then the
    /// user's NAME=VALUE settings; checked, and the data folder must exist.
    /// </summary>
    /// <exception cref="UsageException">Unknown setting, bad value, or missing data; the message names the fix.</exception>
    internal static JsonObject ResolveSupernet(JsonObject? settings, ISearchSpace space, WeightSharingOptions weightSharing)
    {
        var epochs = weightSharing.Rounds * weightSharing.EpochsPerRound;
        try
        {
            switch (space.Name)
            {
                case "enas":
                {
                    var conv = Merge(new ConvSupernetSettings { TotalEpochs = epochs }, settings, "--supernet");
                    conv.Validate();
                    RequireData(conv.ResolveDataPath(), "--supernet");
                    return conv.ToJson();
                }
                case "enas-rnn":
                {
                    var recurrent = Merge(new RecurrentSupernetSettings(), settings, "--supernet");
                    recurrent.Validate();
                    RequireData(recurrent.ResolveDataPath(), "--supernet");
                    return recurrent.ToJson();
                }
                default:
                    throw new UsageException($"There is no supernet for the '{space.Name}' space; use --space enas or --space enas-rnn.");
            }
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static void RequireData(string path, string option = "--training")
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new UsageException($"The {(option == "--training" ? "training" : "supernet")} data '{path}' does not exist. Set {option} dataPath=FOLDER, or NAO_DATA to the folder that holds the data sets.");
        }
    }

    private static ISupernet CreateSupernet(SearchOptions options, ISearchSpace space)
    {
        // The supernet's settings arrive as the run's opaque JSON, so a resumed run rebuilds the same supernet. Every
        // core: the supernet's convolutions and products dominate a weight-sharing search (the controller's 1 thread is
        // for its reproducibility across machines and its small batches).
        TorchRuntime.Initialize(threads: options.WeightSharing.Threads > 0 ? options.WeightSharing.Threads : Environment.ProcessorCount);
        return space.Name switch
        {
            "enas" => ConvSupernet.Create(ConvSupernetSettings.FromJson(options.Supernet), options.Seed),
            "enas-rnn" => RecurrentSupernet.Create(RecurrentSupernetSettings.FromJson(options.Supernet), options.Seed),
            _ => throw new UsageException($"There is no supernet for the '{space.Name}' space; use --space enas or --space enas-rnn."),
        };
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
    /// The search's controller defaults: the controller's own for the space (<see cref="ControllerOptions.For"/>), except
    /// rank normalization (NAS-Bench-201's few ~10% architectures squeeze min-max targets of all good ones near 1) and
    /// 100 epochs per round (the controller is warm-started, so each round's fit continues the last). On NAS-Bench-201,
    /// 50 epochs per round and η from 0.1 in steps of 0.1 up to 5, so that a seed's first new architectures are near
    /// neighbours (both measured with <c>nao compare</c>, README). No one-position steps and one second-step start: the
    /// search screens up to 10 candidates per seed anyway, and the extra paths made the default search five times slower
    /// (558 against 111 s) for proposals it mostly screens out. Then the user's settings.
    /// </summary>
    internal static ControllerOptions Resolve(JsonObject? settings, ISearchSpace space)
    {
        var defaults = ControllerOptions.For(space) with { Normalization = ScoreNormalization.Rank, Epochs = 100, PositionSteps = false, SecondStepStarts = 1 };
        if (space.Tokenizer is Nao.Tokenization.Nb201Tokenizer) defaults = defaults with { Epochs = 50, InitialStepSize = 0.1, StepSizeIncrement = 0.1, MaxStepSize = 5 };
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
