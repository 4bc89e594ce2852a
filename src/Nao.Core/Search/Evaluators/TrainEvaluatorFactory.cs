using Nao.Evaluation;
using Nao.SearchSpaces;

namespace Nao.Search.Evaluators;

/// <summary>
/// <c>--evaluator train</c>: trains every child from scratch with the trainer the space registered
/// (<see cref="SearchParts.WithTrainer"/>); its settings are the run's <see cref="SearchOptions.Training"/>.
/// </summary>
public sealed class TrainEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "train";

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "train every child (the space's trainer; --training NAME=VALUE)";

    /// <inheritdoc />
    /// <remarks>Without the space's trainer in <paramref name="parts"/> (a worker checks the names only), the settings stay as given.</remarks>
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts) =>
        parts.ResolvesSettings && parts.Trainer(space) is { } trainer ? options with { Training = trainer.Resolve(options.Training, options, space) } : options;

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context) =>
        (parts.Trainer(space) ?? throw new NotSupportedException(MissingTrainer(space, parts))).Create(options.Training, options, space);

    /// <summary>Why a space cannot train its children here, and what to use instead.</summary>
    public static string MissingTrainer(ISearchSpace space, SearchParts parts) =>
        parts.TrainerSpaces.Any()
            ? $"--evaluator train has no trainer for the '{space.Name}' space (trainers: {string.Join(", ", parts.TrainerSpaces)}). "
              + "Score its architectures with --evaluator command --command \"…\" (your own training script), or use --evaluator benchmark on nb201."
            : "The training evaluator is not available in this build. Use --evaluator benchmark on the nb201 space.";
}
