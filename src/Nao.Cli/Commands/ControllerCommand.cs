using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nao.Benchmarks;
using Nao.Controller;
using Nao.Parts;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Cli.Commands;

/// <summary><c>nao controller</c>: the NAO controller on its own; <c>evaluate</c> measures it on a tabular benchmark.</summary>
public static class ControllerCommand
{
    /// <summary>The benchmarks <c>evaluate</c> knows.</summary>
    private static readonly string[] Benchmarks = ["nb201"];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("controller", "The NAO controller (encoder, performance predictor, decoder) on its own.");
        command.Subcommands.Add(CreateEvaluate(console));
        return command;
    }

    private static Command CreateEvaluate(CliConsole console)
    {
        var benchmark = new Option<string>("--benchmark") { Description = "The tabular benchmark: nb201.", DefaultValueFactory = _ => "nb201" };
        var benchmarkFile = new Option<string?>("--benchmark-file") { Description = "A NAS-Bench-201 CSV (plain or .gz) instead of the embedded table." };
        var metric = new Option<string>("--metric") { Description = "The table column used as the score (higher better).", DefaultValueFactory = _ => TabularBenchmark.DefaultMetric };
        var train = new Option<int>("--train") { Description = "Training architectures.", DefaultValueFactory = _ => 500 };
        var test = new Option<int>("--test") { Description = "Held-out architectures the quality measures are taken on.", DefaultValueFactory = _ => 200 };
        var top = new Option<int>("--top") { Description = "Seeds of the optimization step: the best training architectures by true score.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seeds the train/test split and the controller's training.", DefaultValueFactory = _ => 0 };
        // The controller's defaults for the space (ControllerOptions.For, the search's), but one fit from scratch on --train
        // architectures, which needs more epochs than a search's warm-started rounds.
        var defaults = ControllerOptions.For(SearchSpaceRegistry.Nb201) with { Epochs = FitEpochs };
        var epochs = new Option<int?>("--epochs") { Description = $"Training epochs (default {defaults.Epochs}: one fit from scratch; a search's rounds warm-start with {ControllerOptions.For(SearchSpaceRegistry.Nb201).Epochs})." };
        var learningRate = new Option<double?>("--lr") { Description = $"Adam learning rate (default {F(defaults.LearningRate)})." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = $"Adam weight decay (default {F(defaults.WeightDecay)})." };
        var tradeOff = new Option<double?>("--trade-off") { Description = $"λ in λ·MSE + (1-λ)·CE (default {F(defaults.TradeOff)})." };
        var normalization = new Option<string?>("--normalization") { Description = $"How scores become [0, 1] targets: minmax or rank (default {(defaults.Normalization == ScoreNormalization.Rank ? "rank" : "minmax")})." };
        var stepSize = new Option<double?>("--step-size") { Description = $"First step size η and its increment (default {F(defaults.InitialStepSize)}); at most {F(defaults.MaxStepSize)}." };
        var stepGrowth = new Option<double?>("--step-growth") { Description = $"Multiply η by this factor after each step instead of adding --step-size (default {F(defaults.StepSizeGrowth)}: additive)." };
        var firstNew = new Option<bool>("--first-new") { Description = "Stop growing η at the first new architecture even when it is predicted no better than its seed (the official code's rule)." };
        var oneStep = new Option<bool>("--one-step") { Description = "No second Eq. 2 step for seeds whose first path decodes nothing predicted better." };
        var noPositionSteps = new Option<bool>("--no-position-steps") { Description = "No one-position steps (moving one token's encoder output at a time) for seeds whose whole-sequence step decodes nothing predicted better." };
        var controller = new Option<string[]>("--controller")
        {
            Description = "Any other controller setting as NAME=VALUE (repeatable), e.g. --controller positionSteps=true --controller maxStepSize=50; names as in nao search --controller.",
            DefaultValueFactory = _ => [],
        };
        var spaceFile = new Option<FileInfo?>("--space-file") { Description = "Measure the controller on a space file's space whose architectures are the table's (e.g. samples/spaces/nb201.yaml)." };
        var threads = new Option<int?>("--threads") { Description = "Threads torch uses (default: torch's own choice, one per core)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("evaluate",
            "Train the controller on random architectures of a tabular benchmark and measure it on held-out ones: pairwise accuracy, " +
            "Kendall tau, mean Hamming distance of D(E(x)) to x, exact reconstructions; then one optimization step (Eq. 2) from the top training architectures.")
        {
            benchmark, benchmarkFile, metric, train, test, top, seed, epochs, learningRate, weightDecay, tradeOff, normalization, stepSize, stepGrowth, firstNew, oneStep, noPositionSteps, controller, spaceFile, threads, json,
        };
        command.SetAction((parse, ct) => console.RunAsync(token =>
        {
            // Every option is checked before the table is read or anything is trained.
            var benchmarkName = parse.GetValue(benchmark)!;
            if (!Benchmarks.Contains(benchmarkName.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                throw new UnknownNameException("benchmark", benchmarkName, Benchmarks);
            }
            var (trainCount, testCount, topCount) = (parse.GetValue(train), parse.GetValue(test), parse.GetValue(top));
            AtLeast("--train", trainCount, 2);
            AtLeast("--test", testCount, 2);
            AtLeast("--top", topCount, 1);
            if (topCount > trainCount) throw new UsageException($"--top {topCount} is more than --train {trainCount}: the seeds are taken from the training architectures. Lower --top or raise --train.");
            if (parse.GetValue(epochs) is { } epochCount) AtLeast("--epochs", epochCount, 1);
            var space = parse.GetValue(spaceFile) is { } file ? SpaceFiles.Load(file.FullName) : SearchSpaceRegistry.Nb201;
            // The flags are shorthands for controller settings; every value is checked by the controller's own Validate.
            var flags = new System.Text.Json.Nodes.JsonObject { ["epochs"] = parse.GetValue(epochs) ?? FitEpochs };
            if (parse.GetValue(learningRate) is { } lr) flags["learningRate"] = lr;
            if (parse.GetValue(weightDecay) is { } wd) flags["weightDecay"] = wd;
            if (parse.GetValue(tradeOff) is { } lambda) flags["tradeOff"] = lambda;
            if (parse.GetValue(normalization) is { } normalizationName) flags["normalization"] = ParseNormalization(normalizationName).ToString();
            if (parse.GetValue(stepSize) is { } eta)
            {
                flags["initialStepSize"] = eta;
                flags["stepSizeIncrement"] = eta;
            }
            if (parse.GetValue(stepGrowth) is { } growth)
            {
                flags["stepSizeGrowth"] = growth;
                flags["stepSizeIncrement"] = 0;
            }
            if (parse.GetValue(firstNew)) flags["preferImprovement"] = false;
            if (parse.GetValue(oneStep)) flags["secondStep"] = false;
            if (parse.GetValue(noPositionSteps)) flags["positionSteps"] = false;
            foreach (var (name, value) in SearchOptionSet.Settings("--controller", parse.GetValue(controller) ?? []) ?? []) flags[name] = value?.DeepClone();
            ControllerOptions options;
            try
            {
                options = ControllerPart.Options(flags, space);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(FlagNames.Aggregate(e.Message, (message, flag) => message.Replace($"Controller option {flag.Key} ", $"{flag.Value} (controller option {flag.Key}) ", StringComparison.Ordinal)));
            }
            var threadCount = parse.GetValue(threads);
            if (threadCount is { } count) AtLeast("--threads", count, 1);
            var path = parse.GetValue(benchmarkFile);
            var table = path is null ? TabularBenchmark.Nb201 : TabularBenchmark.Load(path);
            var metricName = table.Metrics[table.MetricIndex(parse.GetValue(metric)!)];
            var available = table.Architectures.Count(g => table.Lookup(g, metricName) is not null);
            if (trainCount + testCount > available)
            {
                throw new UsageException($"--train {trainCount} + --test {testCount} = {trainCount + testCount} is more than the {available} architectures of {table.Source} with a value of {metricName}. Lower --train or --test.");
            }

            TorchRuntime.Initialize(threadCount);
            var report = ControllerEvaluation.Run(table, metricName, trainCount, testCount, topCount, parse.GetValue(seed), options,
                line => console.Error.WriteLine(line + "…"), token, space);
            if (parse.GetValue(json))
            {
                console.Out.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                Print(console.Out, report, table.Space.Tokenizer.Length);
            }
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }

    /// <summary>The epochs of evaluate's one fit from scratch.</summary>
    private const int FitEpochs = 300;

    /// <summary>The flags that set a controller field, for messages that name what the user typed.</summary>
    private static readonly Dictionary<string, string> FlagNames = new()
    {
        ["Epochs"] = "--epochs", ["LearningRate"] = "--lr", ["WeightDecay"] = "--weight-decay", ["TradeOff"] = "--trade-off",
        ["InitialStepSize"] = "--step-size", ["StepSizeGrowth"] = "--step-growth", ["MaxStepSize"] = "--controller maxStepSize",
    };

    private static ScoreNormalization ParseNormalization(string name) => name.Trim().ToLowerInvariant() switch
    {
        "minmax" => ScoreNormalization.MinMax,
        "rank" => ScoreNormalization.Rank,
        _ => throw new UnknownNameException("normalization", name, ["minmax", "rank"]),
    };

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void AtLeast(string option, int value, int minimum)
    {
        if (value < minimum) throw new UsageException($"{option} is {value}; it must be at least {minimum}.");
    }

    private static void Print(TextWriter output, ControllerEvaluationReport report, int tokens)
    {
        var c = CultureInfo.InvariantCulture;
        var q = report.Quality;
        output.WriteLine(string.Create(c, $"benchmark:   {report.Benchmark}, metric {report.Metric}"));
        output.WriteLine(string.Create(c, $"split:       {report.Train} training / {report.Test} held-out architectures, seed {report.Seed}"));
        var o = report.Options;
        output.WriteLine(string.Create(c, $"controller:  embedding {o.EmbeddingSize}, hidden {o.HiddenSize}, predictor {o.PredictorLayers}×{o.PredictorWidth}; λ {o.TradeOff}, lr {o.LearningRate}, weight decay {o.WeightDecay}, batch {o.BatchSize}, {o.Normalization.ToString().ToLowerInvariant()} scores, η {o.InitialStepSize}{(o.StepSizeGrowth == 1 ? "+" : "×")}{(o.StepSizeGrowth == 1 ? o.StepSizeIncrement : o.StepSizeGrowth)}…{o.MaxStepSize}{(o.PreferImprovement ? ", prefer improvement" : ", first new")}{(o.PreferImprovement && o.PositionSteps ? ", one-position steps" : "")}{(o.PreferImprovement && o.SecondStep ? $", second step from {o.SecondStepStarts}" : "")}"));
        output.WriteLine(string.Create(c, $"fit:         {report.Fit.Epochs} epochs in {report.Fit.Duration.TotalSeconds:0.0} s; final loss {report.Fit.Loss:0.0000} (predictor MSE {report.Fit.PredictorMse:0.0000}, decoder CE {report.Fit.DecoderCrossEntropy:0.0000} per token)"));
        output.WriteLine(string.Create(c, $"held-out quality ({q.Count} architectures):"));
        output.WriteLine(string.Create(c, $"  pairwise accuracy      {q.PairwiseAccuracy:0.0000}"));
        output.WriteLine(string.Create(c, $"  Kendall tau            {q.KendallTau:0.0000}"));
        output.WriteLine(string.Create(c, $"  mean Hamming distance  {q.MeanHammingDistance:0.0000} tokens of {tokens}"));
        output.WriteLine(string.Create(c, $"  exact reconstruction   {q.ExactReconstruction:0.0%}"));
        output.WriteLine(string.Create(c, $"optimization step from the top {report.Seeds} training architectures:"));
        var wholeSequence = report.SeedsImprovedInOneStep - report.SeedsImprovedByPositionSteps;
        output.WriteLine(string.Create(c, $"  predicted score higher {report.SeedsImproved}/{report.Seeds} seeds ({report.SeedsImprovedInOneStep} in one step: {wholeSequence} moving every position, {report.SeedsImprovedByPositionSteps} moving one; {report.SeedsImproved - report.SeedsImprovedInOneStep} after a second step)"));
        output.WriteLine(string.Create(c, $"  improvable             {report.SeedsImprovable}/{report.Seeds} seeds (the table holds an architecture outside the training set predicted better)"));
        output.WriteLine(string.Create(c, $"  new and valid          {report.ProposalsNewAndValid}/{report.Seeds} proposals"));
        output.WriteLine(string.Create(c, $"  mean step size η       {report.MeanStepSize:0.00}"));
        output.WriteLine(string.Create(c, $"  mean true gain         {report.MeanTrueGain:+0.000;-0.000} ({report.Metric}, proposal − seed)"));
        output.WriteLine(string.Create(c, $"time:        {report.Duration.TotalSeconds:0.0} s"));
    }
}
