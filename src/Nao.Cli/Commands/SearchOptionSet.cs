using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Experiments;
using Nao.Strategies;

namespace Nao.Cli.Commands;

/// <summary>
/// The options that define a search, shared by <c>nao search</c> and <c>nao compare</c>, and their mapping onto
/// <see cref="SearchOptions"/>. Defaults shown in help are the library's (one source of truth).
/// </summary>
internal sealed class SearchOptionSet
{
    private static readonly SearchOptions Defaults = new();

    public Option<string> Space { get; } = new("--space") { Description = "Search space: nasnet, enas, enas-rnn, nb201.", DefaultValueFactory = _ => Defaults.Space };
    public Option<string> Evaluator { get; } = new("--evaluator") { Description = "benchmark (look up NAS-Bench-201), train (train every child) or sleep (the table lookup after --sleep seconds, a slow fake).", DefaultValueFactory = _ => Defaults.Evaluator };
    public Option<int> Budget { get; } = new("--budget") { Description = "Total number of evaluations.", DefaultValueFactory = _ => Defaults.Loop.Budget };
    public Option<int> Parallel { get; } = new("--parallel") { Description = "Evaluations in flight at once.", DefaultValueFactory = _ => Defaults.Loop.Parallel };
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds one evaluation may take before it counts as failed (0: no limit).", DefaultValueFactory = _ => Defaults.Loop.TimeoutSeconds };
    public Option<string?> Benchmark { get; } = new("--benchmark") { Description = "A NAS-Bench-201-format CSV (plain or .gz) instead of the embedded table." };
    public Option<string> Metric { get; } = new("--metric") { Description = "The table column to maximize.", DefaultValueFactory = _ => Defaults.Benchmark.Metric };
    public Option<double> Noise { get; } = new("--noise") { Description = "Std. dev. of seeded Gaussian noise added to table scores, to simulate training noise.", DefaultValueFactory = _ => Defaults.Benchmark.NoiseStd };
    public Option<double> Sleep { get; } = new("--sleep") { Description = "Sleep evaluator: seconds each evaluation waits before it returns the table's score.", DefaultValueFactory = _ => Defaults.Sleep.Seconds };
    public Option<int> InitialPool { get; } = new("--initial-pool") { Description = "NAO: random architectures evaluated before the first round.", DefaultValueFactory = _ => Defaults.Nao.InitialPoolSize };
    public Option<int> TopK { get; } = new("--top-k") { Description = "NAO: best architectures used as seeds each round.", DefaultValueFactory = _ => Defaults.Nao.SeedCount };
    public Option<int> PerRound { get; } = new("--per-round") { Description = "NAO: new architectures evaluated per round.", DefaultValueFactory = _ => Defaults.Nao.ProposalsPerRound };
    public Option<int> Candidates { get; } = new("--candidates-per-seed") { Description = "NAO: new architectures each seed offers along its η path; the predictor keeps the best --per-round of all.", DefaultValueFactory = _ => Defaults.Nao.CandidatesPerSeed };
    public Option<int> Population { get; } = new("--population") { Description = "Evolution: population size.", DefaultValueFactory = _ => Defaults.Evolution.PopulationSize };
    public Option<int> Tournament { get; } = new("--tournament") { Description = "Evolution: tournament size.", DefaultValueFactory = _ => Defaults.Evolution.TournamentSize };
    public Option<string[]> Controller { get; } = new("--controller")
    {
        Description = "NAO: a controller setting as NAME=VALUE (repeatable), e.g. --controller epochs=300 --controller normalization=minMax.",
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> Training { get; } = new("--training")
    {
        Description = "--evaluator train: a setting of the child trainer as NAME=VALUE (repeatable), e.g. --training epochs=2 --training limitTrain=5000 "
            + "(cell spaces: dataset, dataPath, devSize, limitTrain, layers, filters, epochs, batchSize, learningRate, weightDecay; "
            + "enas-rnn: dataset, dataPath, hidden, epochs, batchSize, limitTokens).",
        DefaultValueFactory = _ => [],
    };

    /// <summary>Every option, to add to a command.</summary>
    public IEnumerable<Option> All => [Space, Evaluator, Budget, Parallel, Timeout, Benchmark, Metric, Noise, Sleep, InitialPool, TopK, PerRound, Candidates, Population, Tournament, Controller, Training];

    /// <summary>The options the user typed explicitly (for refusing them on --resume).</summary>
    public IEnumerable<string> Explicit(ParseResult parse) => All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>Builds search options from the command line; values are validated by <see cref="SearchFactory.Validate"/>.</summary>
    public SearchOptions Bind(ParseResult parse, string strategy, int seed) => new()
    {
        Space = parse.GetValue(Space)!,
        Strategy = strategy,
        Evaluator = parse.GetValue(Evaluator)!,
        Seed = seed,
        Loop = new SearchLoopOptions { Budget = parse.GetValue(Budget), Parallel = parse.GetValue(Parallel), TimeoutSeconds = parse.GetValue(Timeout) },
        Benchmark = new TabularEvaluatorOptions { BenchmarkPath = parse.GetValue(Benchmark), Metric = parse.GetValue(Metric)!, NoiseStd = parse.GetValue(Noise), NoiseSeed = seed },
        Sleep = new SleepEvaluatorOptions { Seconds = parse.GetValue(Sleep) },
        Nao = new NaoOptions { InitialPoolSize = parse.GetValue(InitialPool), SeedCount = parse.GetValue(TopK), ProposalsPerRound = parse.GetValue(PerRound), CandidatesPerSeed = parse.GetValue(Candidates) },
        Evolution = new EvolutionOptions { PopulationSize = parse.GetValue(Population), TournamentSize = parse.GetValue(Tournament) },
        Controller = Settings("--controller", parse.GetValue(Controller) ?? []),
        Training = Settings("--training", parse.GetValue(Training) ?? []),
    };

    /// <summary>NAME=VALUE pairs as a JSON object (numbers and true/false typed, the rest strings); null when none.</summary>
    /// <exception cref="UsageException">A pair without '='.</exception>
    internal static JsonObject? Settings(string option, IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0) return null;
        var json = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new UsageException($"{option} takes NAME=VALUE (e.g. {option} epochs=3); got '{pair}'.");
            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            json[name] = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? JsonValue.Create(integer)
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(value);
        }
        return json;
    }

    /// <summary>
    /// Validates, turning range errors into usage errors that name the fix, and checks the benchmark file exists
    /// before anything runs.
    /// </summary>
    public static SearchOptions Validate(SearchOptions options, SearchRunner runner)
    {
        try
        {
            options = SearchFactory.Validate(options);
            runner.CheckAvailable(options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        catch (NotSupportedException e)
        {
            throw new UsageException(e.Message);
        }
        if (options.Evaluator is SearchFactory.BenchmarkEvaluator or SearchFactory.SleepEvaluator)
        {
            // Loads the table (cached for the embedded one) so a missing file or unknown metric fails now, not mid-run.
            _ = runner.CreateEvaluator(options);
        }
        return options;
    }
}
