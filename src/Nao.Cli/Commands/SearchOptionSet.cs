using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.Experiments;
using Nao.Experiments.Stopping;
using Nao.Scheduling;
using Nao.Objectives;
using Nao.Strategies;
using Nao.WeightSharing;
using Nao.Sessions;
using Nao.Search;

namespace Nao.Cli.Commands;

/// <summary>
/// The options that define a search, shared by <c>nao search</c> and <c>nao compare</c>, and their mapping onto
/// <see cref="SearchOptions"/>. Defaults shown in help are the library's (one source of truth).
/// </summary>
internal sealed class SearchOptionSet
{
    private static readonly SearchOptions Defaults = new();

    public Option<string> Space { get; } = new("--space") { Description = "Search space: nasnet, enas, enas-rnn, nb201.", DefaultValueFactory = _ => Defaults.Space };
    public Option<FileInfo?> SpaceFile { get; } = new("--space-file") { Description = "A search space of your own, from a YAML or JSON space file (see samples/spaces/); the run stores its content." };
    public Option<string> Evaluator { get; } = new("--evaluator")
    {
        Description = string.Join("; ", SearchParts.Core.EvaluatorNames.Select(n => $"{n}: {SearchParts.Core.Evaluator(n).Description}")) + ".",
        DefaultValueFactory = _ => Defaults.Evaluator,
    };
    public Option<string?> Command { get; } = new("--command") { Description = "--evaluator command: the trial command, run by /bin/sh in the trial's folder with the trial as JSON on stdin; it prints {\"score\": …} (docs/command-evaluator.md)." };
    public Option<string?> CommandName { get; } = new("--command-name") { Description = "--evaluator command on a cluster: the name of a command the workers allow (nao worker --allow-command NAME=COMMAND)." };
    public Option<string?> Table { get; } = new("--table") { Description = "--evaluator table: a CSV (plain or .gz) with a column of architectures in the space's text form and numeric columns." };
    public Option<string?> TableKey { get; } = new("--table-key") { Description = $"--evaluator table: the column that holds the architectures (default {new CsvTableEvaluatorOptions().KeyColumn})." };
    public Option<int> Budget { get; } = new("--budget") { Description = "Total number of evaluations (weight sharing: set by the rounds, see --ws-rounds).", DefaultValueFactory = _ => Defaults.Loop.Budget };
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
    public Option<string> Screening { get; } = new("--screening") { Description = "NAO: what ranks the candidates to keep --per-round of: controller (its predictor), ensemble (the mean of an ensemble of MLP predictors with the BANANAS settings), thompson (a Thompson sample of that ensemble).", DefaultValueFactory = _ => Defaults.Nao.Screening };
    public Option<int> Population { get; } = new("--population") { Description = "Evolution: population size.", DefaultValueFactory = _ => Defaults.Evolution.PopulationSize };
    public Option<int> Tournament { get; } = new("--tournament") { Description = "Evolution: tournament size.", DefaultValueFactory = _ => Defaults.Evolution.TournamentSize };
    public Option<int> BananasPool { get; } = new("--bananas-pool") { Description = "BANANAS: random architectures evaluated before the first fit.", DefaultValueFactory = _ => Defaults.Bananas.InitialPoolSize };
    public Option<int> BananasPerRound { get; } = new("--bananas-per-round") { Description = "BANANAS: new architectures evaluated per fit of the ensemble.", DefaultValueFactory = _ => Defaults.Bananas.ProposalsPerRound };
    public Option<int> BananasCandidates { get; } = new("--bananas-candidates") { Description = "BANANAS: mutations of the best architectures the ensemble scores per round.", DefaultValueFactory = _ => Defaults.Bananas.Candidates };
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

    public Option<string[]> Constraint { get; } = new("--constraint")
    {
        Description = "A bound on an exact cost, METRIC<=VALUE or METRIC>=VALUE with unit k, M, G or ms (repeatable), e.g. --constraint params<=0.8M; "
            + "infeasible architectures are never evaluated (nb201: params, flops; nasnet/enas: at --training layers/filters).",
        DefaultValueFactory = _ => [],
    };
    public Option<string[]> Objective { get; } = new("--objective")
    {
        Description = "A Pareto search's objectives, METRIC:max or METRIC:min (twice: accuracy:max and one cost), e.g. --objective accuracy:max --objective flops:min.",
        DefaultValueFactory = _ => [],
    };
    public Option<double> PenaltyWeight { get; } = new("--penalty-weight") { Description = "NAO with constraints: μ, the weight of the predicted-violation penalty in the Eq. 2 step.", DefaultValueFactory = _ => Defaults.Objectives.PenaltyWeight };
    public Option<double> PenaltyTemperature { get; } = new("--penalty-temperature") { Description = "NAO with constraints: τ, the softplus temperature of that penalty (normalised log-cost units).", DefaultValueFactory = _ => Defaults.Objectives.PenaltyTemperature };

    private static readonly WeightSharingOptions Ws = new();
    public Option<int> WsRounds { get; } = new("--ws-rounds") { Description = "Weight sharing: controller rounds (train the supernet, score the pool, fit, propose).", DefaultValueFactory = _ => Ws.Rounds };
    public Option<int> WsEpochs { get; } = new("--ws-epochs") { Description = "Weight sharing: supernet epochs at the start of each round.", DefaultValueFactory = _ => Ws.EpochsPerRound };
    public Option<int> WsPool { get; } = new("--ws-pool") { Description = "Weight sharing: random architectures in the first pool.", DefaultValueFactory = _ => Ws.InitialPoolSize };
    public Option<int> WsKeep { get; } = new("--ws-keep") { Description = "Weight sharing: best of the old pool kept in the next.", DefaultValueFactory = _ => Ws.KeepBest };
    public Option<int> WsNew { get; } = new("--ws-new") { Description = "Weight sharing: new architectures the controller proposes per round.", DefaultValueFactory = _ => Ws.NewPerRound };
    public Option<int> WsRandom { get; } = new("--ws-random") { Description = "Weight sharing: unseen random architectures added to each next pool.", DefaultValueFactory = _ => Ws.RandomPerRound };
    public Option<int> WsTopK { get; } = new("--ws-top-k") { Description = "Weight sharing: best pool architectures used as the controller's seeds.", DefaultValueFactory = _ => Ws.SeedCount };
    public Option<int> WsThreads { get; } = new("--ws-threads") { Description = "Weight sharing: torch threads for the supernet (0: every core).", DefaultValueFactory = _ => Ws.Threads };
    public Option<int> FinalTrain { get; } = new("--final-train") { Description = "Weight sharing: retrain the top k architectures from scratch at the end (with the --training settings).", DefaultValueFactory = _ => Ws.FinalTrain };
    public Option<int> FinalRandom { get; } = new("--final-random") { Description = "Weight sharing: also retrain this many random architectures the same way, as the baseline.", DefaultValueFactory = _ => Ws.FinalRandom };
    public Option<string[]> Supernet { get; } = new("--supernet")
    {
        Description = "Weight sharing: a supernet setting as NAME=VALUE (repeatable), e.g. --supernet layers=1 --supernet limitTrain=10000 "
            + "(enas: dataset, dataPath, devSize, limitTrain, layers, filters, batchSize, devBatches, learningRate, ops, …; "
            + "enas-rnn: dataset, dataPath, hidden, batchSize, bptt, devBatches, learningRate, limitTokens, …).",
        DefaultValueFactory = _ => [],
    };

    private static readonly SchedulerOptions Schedule = new();
    public Option<string> EarlyStop { get; } = new("--early-stop")
    {
        Description = "Stop trials early from their learning curves: none, median (below the finished trials' median at the same step), extrapolate (unlikely to beat the k-th best by a curve fit).",
        DefaultValueFactory = _ => Defaults.EarlyStop.Rule,
    };
    public Option<string[]> Stop { get; } = new("--stop")
    {
        Description = "--early-stop: a setting as NAME=VALUE (repeatable): minFinished, grace (median); k, threshold, minPoints, finalStep (extrapolate).",
        DefaultValueFactory = _ => [],
    };
    public Option<string> Scheduler { get; } = new("--scheduler")
    {
        Description = "Multi-fidelity scheduling around the strategy: none, successive-halving, hyperband (fidelity = epochs; the benchmark simulates 12 and 200).",
        DefaultValueFactory = _ => Schedule.Kind,
    };
    public Option<string> Fidelities { get; } = new("--fidelities") { Description = "--scheduler: the fidelities, increasing, the last one full, e.g. 12,200 (epochs).", DefaultValueFactory = _ => string.Join(",", Schedule.Fidelities.Select(f => f.ToString(CultureInfo.InvariantCulture))) };
    public Option<double> Eta { get; } = new("--eta") { Description = "--scheduler: the best 1/η of each rung go on to the next fidelity.", DefaultValueFactory = _ => Schedule.Eta };
    public Option<int> BracketScale { get; } = new("--bracket-scale") { Description = "--scheduler: multiplies the number of candidates each bracket starts with.", DefaultValueFactory = _ => Schedule.BracketScale };

    public SearchOptionSet()
    {
        // The ranges the library's Validate methods check, so "--budget x" is told it needs "a whole number ≥ 1".
        OptionRanges.AtLeast(0, Timeout, Noise, Sleep, WsKeep, WsRandom, WsThreads, FinalTrain, FinalRandom);
        OptionRanges.AtLeast(1, Budget, Parallel, TopK, PerRound, Candidates, Population, Tournament, BananasPerRound, BananasCandidates, WsRounds, WsEpochs, WsNew, WsTopK);
        OptionRanges.AtLeast(2, InitialPool, WsPool, BananasPool);
    }

    /// <summary>Every option, to add to a command.</summary>
    public IEnumerable<Option> All => [Space, SpaceFile, Evaluator, Command, CommandName, Table, TableKey, Budget, Parallel, Timeout, Benchmark, Metric, Noise, Sleep, InitialPool, TopK, PerRound, Candidates, Screening, Population, Tournament, BananasPool, BananasPerRound, BananasCandidates, Controller, Training,
        Constraint, Objective, PenaltyWeight, PenaltyTemperature, WsRounds, WsEpochs, WsPool, WsKeep, WsNew, WsRandom, WsTopK, WsThreads, FinalTrain, FinalRandom, Supernet, EarlyStop, Stop, Scheduler, Fidelities, Eta, BracketScale];

    /// <summary>The options the user typed explicitly (for refusing them on --resume).</summary>
    public IEnumerable<string> Explicit(ParseResult parse) => All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>Builds search options from the command line; values are validated by <see cref="SearchFactory.Validate(SearchOptions, SearchParts)"/>.</summary>
    /// <exception cref="UsageException">An option that does not apply to the chosen evaluator.</exception>
    public SearchOptions Bind(ParseResult parse, string strategy, int seed)
    {
        var evaluator = parse.GetValue(Evaluator)!;
        var weightSharing = string.Equals(evaluator.Trim(), SearchFactory.WeightSharingEvaluator, StringComparison.OrdinalIgnoreCase);
        if (weightSharing && parse.GetResult(Budget) is { Implicit: false })
        {
            throw new UsageException("With --evaluator weight-sharing the budget is the number of scorings its rounds plan; drop --budget and set --ws-rounds, --ws-pool and --ws-new instead.");
        }
        if (!weightSharing)
        {
            var stray = new Option[] { WsRounds, WsEpochs, WsPool, WsKeep, WsNew, WsRandom, WsTopK, WsThreads, FinalTrain, FinalRandom, Supernet }
                .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (stray.Count > 0) throw new UsageException($"{string.Join(", ", stray)} apply to --evaluator weight-sharing only; drop them, or add --evaluator weight-sharing.");
        }
        var evaluatorName = evaluator.Trim().ToLowerInvariant();
        foreach (var (option, owner) in new (Option Option, string Owner)[] { (Command, "command"), (CommandName, "command"), (Table, "table"), (TableKey, "table") })
        {
            if (CommandOptions.WasGiven(parse, option) && evaluatorName != owner)
            {
                throw new UsageException($"{option.Name} applies to --evaluator {owner} only; drop it, or add --evaluator {owner}.");
            }
        }
        return BindAll(parse, strategy, seed);
    }

    private SearchOptions BindAll(ParseResult parse, string strategy, int seed) => WithSpaceFile(parse, new()
    {
        Space = parse.GetValue(Space)!,
        Strategy = strategy,
        Evaluator = parse.GetValue(Evaluator)!,
        Seed = seed,
        Loop = new SearchLoopOptions { Budget = parse.GetValue(Budget), Parallel = parse.GetValue(Parallel), TimeoutSeconds = parse.GetValue(Timeout) },
        Benchmark = new TabularEvaluatorOptions { BenchmarkPath = parse.GetValue(Benchmark), Metric = parse.GetValue(Metric)!, NoiseStd = parse.GetValue(Noise), NoiseSeed = seed },
        Sleep = new SleepEvaluatorOptions { Seconds = parse.GetValue(Sleep) },
        Command = new CommandEvaluatorOptions { Command = parse.GetValue(Command) ?? "", Name = parse.GetValue(CommandName) },
        Table = new CsvTableEvaluatorOptions
        {
            Path = parse.GetValue(Table) ?? "",
            KeyColumn = parse.GetValue(TableKey) ?? new CsvTableEvaluatorOptions().KeyColumn,
            // --metric names the table's score column; its default is NAS-Bench-201's, so a user table defaults to its 'score' column.
            Metric = CommandOptions.WasGiven(parse, Metric) ? parse.GetValue(Metric)! : new CsvTableEvaluatorOptions().Metric,
            NoiseStd = parse.GetValue(Noise),
            NoiseSeed = seed,
        },
        Nao = new NaoOptions { InitialPoolSize = parse.GetValue(InitialPool), SeedCount = parse.GetValue(TopK), ProposalsPerRound = parse.GetValue(PerRound), CandidatesPerSeed = parse.GetValue(Candidates), Screening = parse.GetValue(Screening)! },
        Evolution = new EvolutionOptions { PopulationSize = parse.GetValue(Population), TournamentSize = parse.GetValue(Tournament) },
        Bananas = new BananasOptions { InitialPoolSize = parse.GetValue(BananasPool), ProposalsPerRound = parse.GetValue(BananasPerRound), Candidates = parse.GetValue(BananasCandidates) },
        Controller = Settings("--controller", parse.GetValue(Controller) ?? []),
        Training = Settings("--training", parse.GetValue(Training) ?? []),
        WeightSharing = new WeightSharingOptions
        {
            Rounds = parse.GetValue(WsRounds), EpochsPerRound = parse.GetValue(WsEpochs), InitialPoolSize = parse.GetValue(WsPool), KeepBest = parse.GetValue(WsKeep),
            NewPerRound = parse.GetValue(WsNew), RandomPerRound = parse.GetValue(WsRandom), SeedCount = parse.GetValue(WsTopK), Threads = parse.GetValue(WsThreads),
            FinalTrain = parse.GetValue(FinalTrain), FinalRandom = parse.GetValue(FinalRandom),
        },
        Supernet = Settings("--supernet", parse.GetValue(Supernet) ?? []),
        EarlyStop = StopOptions(parse.GetValue(EarlyStop)!.Trim().ToLowerInvariant(), parse.GetValue(Stop) ?? []),
        Scheduler = new SchedulerOptions
        {
            Kind = parse.GetValue(Scheduler)!.Trim().ToLowerInvariant(),
            Fidelities = ParseFidelities(parse.GetValue(Fidelities)!),
            Eta = parse.GetValue(Eta),
            BracketScale = parse.GetValue(BracketScale),
        },
        Objectives = Objectives(parse),
    });

    private static IReadOnlyList<double> ParseFidelities(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<double>();
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"--fidelities takes numbers separated by commas, e.g. 12,200; '{part}' is not a number.");
            }
            values.Add(value);
        }
        return values;
    }

    private static EarlyStopOptions StopOptions(string rule, string[] settings)
    {
        var options = new EarlyStopOptions { Rule = rule };
        foreach (var setting in settings)
        {
            var (name, text) = setting.Split('=', 2) is [var n, var v] ? (n.Trim(), v.Trim()) : throw new UsageException($"--stop takes NAME=VALUE; got '{setting}'.");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"--stop {name}: '{text}' is not a number.");
            }
            options = name.ToLowerInvariant() switch
            {
                "minfinished" => options with { Median = options.Median with { MinFinished = (int)value } },
                "grace" => options with { Median = options.Median with { GracePoints = (int)value } },
                "k" => options with { Extrapolation = options.Extrapolation with { K = (int)value } },
                "threshold" => options with { Extrapolation = options.Extrapolation with { Threshold = value } },
                "minpoints" => options with { Extrapolation = options.Extrapolation with { MinPoints = (int)value } },
                "finalstep" => options with { Extrapolation = options.Extrapolation with { FinalStep = value } },
                _ => throw new UsageException($"--stop: unknown setting '{name}'; use minFinished, grace (median) or k, threshold, minPoints, finalStep (extrapolate)."),
            };
        }
        return options;
    }

    /// <summary>The constraints and objectives; a malformed one is a usage error naming the form.</summary>
    /// <exception cref="UsageException">A malformed --constraint or --objective.</exception>
    private ObjectiveOptions Objectives(ParseResult parse)
    {
        try
        {
            return new ObjectiveOptions
            {
                Constraints = [.. (parse.GetValue(Constraint) ?? []).Select(CostConstraint.Parse)],
                Objectives = [.. (parse.GetValue(Objective) ?? []).Select(ObjectiveSpec.Parse)],
                PenaltyWeight = parse.GetValue(PenaltyWeight),
                PenaltyTemperature = parse.GetValue(PenaltyTemperature),
            };
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>With <c>--space-file</c>: the file's space, its name and its content, which the run stores.</summary>
    /// <exception cref="UsageException">Both --space and --space-file.</exception>
    private SearchOptions WithSpaceFile(ParseResult parse, SearchOptions options)
    {
        if (parse.GetValue(SpaceFile) is not { } file) return options;
        if (CommandOptions.WasGiven(parse, Space))
        {
            throw new UsageException("--space and --space-file both name the search space; keep one.");
        }
        var space = SpaceFiles.Load(file.FullName);
        return options with { Space = space.Name, SpaceDefinition = space.Source };
    }

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
}
