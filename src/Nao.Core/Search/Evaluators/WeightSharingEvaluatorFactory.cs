using Nao.Evaluation;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Search.Evaluators;

/// <summary>
/// <c>--evaluator weight-sharing</c> (NAO-WS): scores from the space's supernet, trained between rounds. The loop and
/// the supernet are built together by the search (the scores need the one supernet the rounds train), so this factory
/// only checks and completes the options.
/// </summary>
public sealed class WeightSharingEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "weight-sharing";

    /// <summary>The built-in spaces that have a supernet.</summary>
    public static IReadOnlyList<string> Spaces { get; } = ["enas", "enas-rnn", "nb201"];

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "NAO-WS: score with a supernet trained between rounds (enas, enas-rnn, nb201)";

    /// <summary>
    /// A space with a supernet, NAO or random search (the supernet trains on a pool, which evolution has no notion of),
    /// one scoring at a time (training happens between scorings), and a budget that is the number of scorings the rounds
    /// plan, so it is set from the weight-sharing options.
    /// </summary>
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts)
    {
        if (!Spaces.Contains(space.Name) && parts.Supernet(space) is null)
        {
            throw new ArgumentException($"The weight-sharing evaluator has supernets for the {string.Join(" and ", Spaces)} spaces, not '{space.Name}'. " +
                "Use --space enas, enas-rnn or nb201.");
        }
        if (options.Strategy == RegularizedEvolution.StrategyName)
        {
            throw new ArgumentException("Weight sharing runs NAO (--strategy nao) or its random-search baseline (--strategy random); evolution has no pool for the supernet to train on.");
        }
        if (options.Loop.Parallel != 1)
        {
            throw new ArgumentException($"Weight sharing scores one architecture at a time with one supernet; drop --parallel (got {options.Loop.Parallel}).");
        }
        options.WeightSharing.Validate();
        options = options with { Loop = options.Loop with { Budget = options.WeightSharing.PlannedScorings } };
        if (parts.ResolvesSettings && parts.Supernet(space) is { } supernet) options = options with { Supernet = supernet.Resolve(options.Supernet, options, space) };
        if (options.WeightSharing.FinalTrain > 0)
        {
            if (parts.ResolvesSettings && parts.Trainer(space) is { } trainer) options = options with { Training = trainer.Resolve(options.Training, options, space) };
        }
        else if (options.Training is not null)
        {
            throw new ArgumentException("--training sets how --final-train retrains the best architectures; add --final-train k, or drop --training.");
        }
        return options;
    }

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context) =>
        throw new InvalidOperationException("The weight-sharing evaluator is built with its supernet by the search.");
}
