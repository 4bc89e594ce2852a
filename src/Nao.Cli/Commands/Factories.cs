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
        if (options.Strategy != NaoStrategy.StrategyName) return options;
        var space = SearchSpaceRegistry.Get(options.Space);
        return options with { Controller = JsonSerializer.SerializeToNode(Resolve(options.Controller, space), RunJson.Options)!.AsObject() };
    }

    /// <summary>
    /// The search's controller defaults: the controller's own for the space, except rank normalization (NAS-Bench-201's
    /// few ~10% architectures squeeze min-max targets of all good ones near 1) and 100 epochs per round (as good as
    /// 300 in the measured searches, three times faster); then the user's settings.
    /// </summary>
    internal static ControllerOptions Resolve(JsonObject? settings, ISearchSpace space)
    {
        var defaults = ControllerOptions.For(space) with { Normalization = ScoreNormalization.Rank, Epochs = 100 };
        var json = JsonSerializer.SerializeToNode(defaults, RunJson.Options)!.AsObject();
        foreach (var (name, value) in settings ?? [])
        {
            var key = json.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"Unknown controller setting '{name}'. Valid settings: {string.Join(", ", json.Select(p => p.Key))}.");
            json[key] = value?.DeepClone();
        }
        ControllerOptions options;
        try
        {
            options = JsonSerializer.Deserialize<ControllerOptions>(json.ToJsonString(), RunJson.Options)!;
        }
        catch (JsonException e)
        {
            throw new UsageException($"A controller setting has a value of the wrong type ({e.Path}): {e.Message}");
        }
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
        if (space.Tokenizer is Nao.Tokenization.CellTokenizer)
        {
            // Training settings arrive as the run's opaque JSON, so a resumed run trains children exactly as before.
            return ConvTrainingSettings.FromJson(options.Training).CreateEvaluator(options.Seed);
        }
        throw new UsageException($"--evaluator train is not available for the '{space.Name}' space in this build; use --evaluator benchmark on nb201.");
    }

    private static IArchitectureOptimizer CreateController(SearchOptions options, ISearchSpace space)
    {
        // One thread: reproducible across machines (torch sums differ with the thread count) and, for the controller's small
        // batches, faster than two on a shared 2-core machine (measured).
        TorchRuntime.Initialize(threads: 1);
        return new NaoController(space, Resolve(options.Controller, space));
    }
}
