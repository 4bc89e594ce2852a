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

namespace Nao.Cluster.Worker;

/// <summary>
/// Checks an evaluation request before a worker runs anything: the version, the settings (through the same
/// validator as a local search, so an unknown evaluator kind is rejected with the list of valid ones), every file
/// path against the data roots, and the architecture against its space. A request is data only: the evaluator is
/// looked up by name in the search's registry, never loaded from a type name.
/// </summary>
/// <param name="roots">The worker's data roots.</param>
/// <param name="runner">The registry that builds evaluators, the same as a local search's.</param>
public sealed partial class RequestValidator(DataRoots roots, SearchRunner runner)
{
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
        try
        {
            options = SearchFactory.Validate(options);
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
                genotype = SearchSpaceRegistry.Get(options.Space).Parse(request.Architecture);
            }
            catch (ArchitectureFormatException e)
            {
                throw new RequestRejectedException($"The request's architecture is not valid in the {options.Space} space: {e.Message}", e);
            }
        }
        return new ValidatedRequest(options, genotype, JsonSerializer.Serialize(options, RunJson.Compact));
    }

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
