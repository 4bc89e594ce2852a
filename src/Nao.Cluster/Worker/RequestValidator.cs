using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nao.Cluster.Grains;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Storage;
using Nao.Strategies;
using Nao.Sessions;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.SearchSpaces.Files;

namespace Nao.Cluster.Worker;

/// <summary>
/// Checks an evaluation request before a worker runs anything: the version, the settings (through the same
/// validator as a local search, so an unknown evaluator kind is rejected with the list of valid ones), every file
/// path against the data roots, and the architecture against its space. A request is data only: the evaluator is
/// looked up by name in the search's registry, never loaded from a type name, and a trial command is named, never
/// given: the command line is the worker's own (<see cref="WorkerOptions.AllowedCommands"/>).
/// </summary>
/// <param name="roots">The worker's data roots.</param>
/// <param name="runner">The registry that builds evaluators, the same as a local search's.</param>
/// <param name="allowedCommands">The trial commands this worker runs, by name; null or empty for none.</param>
public sealed partial class RequestValidator(DataRoots roots, SearchRunner runner, IReadOnlyDictionary<string, string>? allowedCommands = null)
{
    private readonly IReadOnlyDictionary<string, string> _commands = allowedCommands ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checks and resolves a request.</summary>
    /// <exception cref="RequestRejectedException">Anything is wrong; the message says what and the fix.</exception>
    public ValidatedRequest Validate(EvaluationRequest request)
    {
        if (!string.Equals(request.Version, RunStore.CurrentVersion, StringComparison.Ordinal))
        {
            throw new RequestRejectedException(
                $"The coordinator runs Nao {request.Version}, this worker Nao {RunStore.CurrentVersion}; results could differ. Run the same Nao version on the coordinator and every worker.");
        }
        SearchOptions? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<SearchOptions>(request.Options, RunJson.Compact);
        }
        catch (JsonException e)
        {
            throw new RequestRejectedException($"The request's evaluator settings are not valid JSON for this Nao version ({e.Message}).", e);
        }
        if (parsed is null) throw new RequestRejectedException("The request carries no evaluator settings.");
        var options = EvaluatorPart(parsed);
        // Before anything else reads the settings: whatever the evaluator kind, a request that brings a command line
        // or environment variables is refused, so no later step can run them.
        RefuseOwnCommand(options);
        try
        {
            // The worker's own registry (a program's workers may add evaluator kinds); the coordinator already resolved the settings.
            options = SearchFactory.Validate(options, runner.Parts.WithoutResolving());
            if (options.Evaluator == CommandEvaluatorFactory.EvaluatorName) options = WithAllowedCommand(options);
            if (options.Evaluator == SearchFactory.WeightSharingEvaluator)
            {
                // A shared-weight score needs the one supernet the search trains between rounds, in the coordinator's process.
                throw new RequestRejectedException("Weight-sharing scores come from the supernet in the searching process, not from a worker; run weight-sharing searches without --cluster.");
            }
            runner.CheckAvailable(options);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new RequestRejectedException($"{e.Message} (checked on the worker)", e);
        }
        catch (SpaceFileException e)
        {
            throw new RequestRejectedException($"The request's space file is not valid: {e.Message} (checked on the worker)", e);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            // Hand-made JSON can null out a settings record the validators expect; a request never crashes a worker.
            throw new RequestRejectedException($"The request's evaluator settings are incomplete ({e.GetType().Name}: {e.Message}).", e);
        }
        if (!string.Equals(options.Space, request.Space, StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRejectedException($"The request names space '{request.Space}' but its settings name '{options.Space}'.");
        }
        options = ResolvePaths(options);
        Genotype? genotype = null;
        if (request.Architecture.Length > 0)
        {
            try
            {
                // A space file's text travels in the settings, so the worker parses with the search's own space.
                genotype = SearchFactory.SpaceOf(options).Parse(request.Architecture);
            }
            catch (ArchitectureFormatException e)
            {
                throw new RequestRejectedException($"The request's architecture is not valid in the {options.Space} space: {e.Message}", e);
            }
        }
        if (request.Fidelity is { } fidelity && !(double.IsFinite(fidelity) && fidelity > 0))
        {
            throw new RequestRejectedException(string.Create(CultureInfo.InvariantCulture, $"The request's fidelity must be a positive number (e.g. epochs); got {fidelity}."));
        }
        return new ValidatedRequest(options, genotype, JsonSerializer.Serialize(options, RunJson.Compact), request.Fidelity);
    }

    /// <summary>
    /// A request names a trial command; it never carries a command line (any evaluator kind), nor environment
    /// variables, which could change what an allowed command does (<c>PATH</c>, <c>LD_PRELOAD</c>).
    /// </summary>
    private static void RefuseOwnCommand(SearchOptions options)
    {
        if (options.Command is not { } command) return; // incomplete settings are rejected by the validation that follows
        if (!string.IsNullOrWhiteSpace(command.Command))
        {
            throw new RequestRejectedException(
                "The request carries a trial command line; workers run only the commands they allow by name. " +
                $"Search with --command-name NAME instead of --command, and start the workers with {AllowHint}.");
        }
        if (command.Environment is { Count: > 0 } environment)
        {
            throw new RequestRejectedException(
                $"The request sets environment variables for the trial command ({string.Join(", ", environment.Keys)}); a worker runs its allowed commands " +
                "with its own environment only. Set them on the worker (in its environment, or in the command line it allows).");
        }
    }

    /// <summary>Fills in this worker's command line for the name the request gives.</summary>
    private SearchOptions WithAllowedCommand(SearchOptions options)
    {
        var name = options.Command.Name;
        if (name is null)
        {
            throw new RequestRejectedException($"The request runs a trial command but names none. Search with --command-name NAME, where the workers were started with {AllowHint}.");
        }
        if (!_commands.TryGetValue(name, out var line))
        {
            throw new RequestRejectedException(_commands.Count == 0
                ? $"The request names the trial command '{name}', but this worker allows no commands. Start the worker with --allow-command {name}=COMMAND (e.g. {name}='python3 train.py')."
                : $"The request names the trial command '{name}', which this worker does not allow; it allows {string.Join(", ", _commands.Keys.Order(StringComparer.Ordinal))}. " +
                  $"Use one of those with --command-name, or start the worker with --allow-command {name}=COMMAND.");
        }
        return options with { Command = options.Command with { Command = line } };
    }

    private const string AllowHint = "nao worker --allow-command NAME=COMMAND (e.g. train='python3 train.py')";

    /// <summary>
    /// Keeps only what defines the evaluator: the strategy's settings cannot change a score, so a worker ignores
    /// them (and two runs that differ only there share evaluators and jobs).
    /// </summary>
    public static SearchOptions EvaluatorPart(SearchOptions options) => options with
    {
        Strategy = RandomSearch.StrategyName,
        Loop = new SearchLoopOptions(),
        Nao = new NaoOptions(),
        Evolution = new EvolutionOptions(),
        Controller = null,
    };

    private SearchOptions ResolvePaths(SearchOptions options)
    {
        if (options.Benchmark.BenchmarkPath is { } benchmark)
        {
            var full = roots.Resolve(benchmark, "benchmark file");
            if (!File.Exists(full))
            {
                throw new RequestRejectedException(
                    $"The request's benchmark file '{benchmark}' is not in this worker's data roots ({string.Join(", ", roots.Roots)}). Copy it into a data root.");
            }
            options = options with { Benchmark = options.Benchmark with { BenchmarkPath = full } };
        }
        if (options.Training is { } training)
        {
            options = options with { Training = (JsonObject)ResolveNode(training.DeepClone(), "training")! };
        }
        return options;
    }

    /// <summary>
    /// The training settings are opaque here (they belong to the training evaluators), so every string that is a
    /// path by its name (…Path, …Dir, …Root, …File, …Folder, data) or by its look (it holds a slash) is resolved
    /// inside the data roots: unknown settings are treated as paths rather than trusted.
    /// </summary>
    private JsonNode? ResolveNode(JsonNode? node, string name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList()) obj[key] = ResolveNode(value?.DeepClone(), key);
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) array[i] = ResolveNode(array[i]?.DeepClone(), name);
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 && IsPath(name, text):
                return JsonValue.Create(roots.Resolve(text, $"setting '{name}'"));
            default:
                return node;
        }
    }

    private static bool IsPath(string name, string text) =>
        PathName().IsMatch(name) || text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);

    [GeneratedRegex("(path|dir|directory|root|file|folder|data)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PathName();
}
