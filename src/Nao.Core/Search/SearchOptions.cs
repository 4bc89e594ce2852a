using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Evaluation.Command;
using Nao.Experiments;
using Nao.Experiments.Stopping;
using Nao.Scheduling;
using Nao.Objectives;
using Nao.Strategies;
using Nao.WeightSharing;

namespace Nao.Search;

/// <summary>
/// Everything that defines a search: space, strategy, evaluator, seed, budget and the settings of each part. Saved
/// with every run; a resumed run is rebuilt from it alone.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>The search space name (<c>nasnet</c>, <c>enas</c>, <c>enas-rnn</c>, <c>nb201</c>). Default: <c>nb201</c>.</summary>
    public string Space { get; init; } = "nb201";

    /// <summary>
    /// The content of the space file (YAML or JSON) when the space comes from one (<c>--space-file</c>); <see cref="Space"/>
    /// is then the name the file gives. Stored with the run, so a resume does not need the file. Default: null (a
    /// built-in or registered space, found by <see cref="Space"/>).
    /// </summary>
    public string? SpaceDefinition { get; init; }

    /// <summary>The strategy name (<c>nao</c>, <c>random</c>, <c>evolution</c>, <c>local</c>, <c>bananas</c>). Default: <c>nao</c>.</summary>
    public string Strategy { get; init; } = NaoStrategy.StrategyName;

    /// <summary>
    /// The evaluator name: <c>benchmark</c> (NAS-Bench-201 lookup), <c>train</c> (train each child), <c>weight-sharing</c>
    /// (score with a supernet's shared weights, NAO-WS), <c>command</c> (run the user's trial command), <c>table</c> (look
    /// up the user's CSV) or <c>sleep</c> (the NAS-Bench-201 lookup after a fixed wait, a slow fake for tests and scaling
    /// measurements), or a program's own evaluator registered by name. Default: <c>benchmark</c>.
    /// </summary>
    public string Evaluator { get; init; } = "benchmark";

    /// <summary>The seed of the strategy's random numbers (and of the controller's fits). Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>Budget, parallelism and timeout of the loop. Default: 200 evaluations, one at a time, no timeout.</summary>
    public SearchLoopOptions Loop { get; init; } = new();

    /// <summary>Settings of the benchmark evaluator. Default: embedded NAS-Bench-201, CIFAR-10 validation accuracy, no noise.</summary>
    public TabularEvaluatorOptions Benchmark { get; init; } = new();

    /// <summary>Settings of the sleep evaluator (the table's score after a fixed wait). Default: 1 s.</summary>
    public SleepEvaluatorOptions Sleep { get; init; } = new();

    /// <summary>Settings of the command evaluator (<c>--evaluator command</c>): the trial command. Default: none (invalid for that evaluator).</summary>
    public CommandEvaluatorOptions Command { get; init; } = new();

    /// <summary>Settings of the table evaluator (<c>--evaluator table</c>): a CSV of architectures and scores. Default: none (invalid for that evaluator).</summary>
    public CsvTableEvaluatorOptions Table { get; init; } = new();

    /// <summary>Settings of the NAO strategy. Default: see <see cref="NaoOptions"/>.</summary>
    public NaoOptions Nao { get; init; } = new();

    /// <summary>Settings of regularized evolution (and of NSGA-II evolution). Default: see <see cref="EvolutionOptions"/>.</summary>
    public EvolutionOptions Evolution { get; init; } = new();

    /// <summary>Settings of the BANANAS-style strategy. Default: see <see cref="BananasOptions"/>.</summary>
    public BananasOptions Bananas { get; init; } = new();

    /// <summary>
    /// Constraints (<c>--constraint params&lt;=0.8M</c>) and Pareto objectives (<c>--objective accuracy:max --objective
    /// flops:min</c>); see <see cref="ObjectiveOptions"/>. Default: none, a single-objective search of the score.
    /// </summary>
    public ObjectiveOptions Objectives { get; init; } = new();

    /// <summary>
    /// The controller's settings as the controller serializes them, kept opaque here so Core stays free of TorchSharp;
    /// null for the controller's defaults for the space. Default: null.
    /// </summary>
    public JsonObject? Controller { get; init; }

    /// <summary>
    /// Settings of the training evaluator as it serializes them (opaque here, like <see cref="Controller"/>); null when
    /// the evaluator is the benchmark. With weight sharing they are the settings of the final retraining. Default: null.
    /// </summary>
    public JsonObject? Training { get; init; }

    /// <summary>Settings of the NAO-WS loop (rounds, epochs, pool). Default: see <see cref="WeightSharingOptions"/>.</summary>
    public WeightSharingOptions WeightSharing { get; init; } = new();

    /// <summary>
    /// The supernet's settings as the supernet serializes them (opaque here, like <see cref="Controller"/>); null unless
    /// the evaluator is <c>weight-sharing</c>. Default: null.
    /// </summary>
    public JsonObject? Supernet { get; init; }

    /// <summary>The early-stopping rule and its settings (<c>--early-stop</c>). Default: none.</summary>
    public EarlyStopOptions EarlyStop { get; init; } = new();

    /// <summary>The multi-fidelity scheduler (<c>--scheduler</c>): successive halving or Hyperband around the strategy. Default: none.</summary>
    public SchedulerOptions Scheduler { get; init; } = new();
}
