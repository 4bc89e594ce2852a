using Nao.Evaluation;
using Nao.SearchSpaces;

namespace Nao.Search.Evaluators;

/// <summary>
/// <c>--evaluator table</c>: looks each architecture up in the user's CSV, keyed by the space's canonical text
/// (<see cref="CsvTableEvaluator"/>); NAS-Bench-201's own table is the special case <c>benchmark</c>.
/// </summary>
public sealed class TableEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "table";

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "look up your own CSV of architectures and scores (--table FILE --metric COLUMN)";

    /// <inheritdoc />
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts)
    {
        options.Table.Validate();
        return options;
    }

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context) => new CsvTableEvaluator(options.Table, space);
}
