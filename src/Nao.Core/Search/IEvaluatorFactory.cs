using Nao.Evaluation;
using Nao.SearchSpaces;

namespace Nao.Search;

/// <summary>
/// One evaluator kind of the registry (<see cref="SearchParts"/>), by the name <c>--evaluator</c> takes: its checks
/// and how it is built. A new evaluator is one class implementing this, added to the registry.
/// </summary>
public interface IEvaluatorFactory
{
    /// <summary>The name, e.g. <c>benchmark</c>.</summary>
    string Name { get; }

    /// <summary>One line for help texts.</summary>
    string Description { get; }

    /// <summary>
    /// Checks the options this evaluator reads against the space and returns them complete (defaults filled in, so
    /// the run stores what it used). Runs before any costly work.
    /// </summary>
    /// <exception cref="ArgumentException">A bad value or a space this evaluator cannot score; the message names the fix.</exception>
    SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts);

    /// <summary>Builds the evaluator for a validated search.</summary>
    IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context);
}

/// <summary>Where a search runs, for evaluators that write files (a command's logs) or need the search's seed.</summary>
/// <param name="RunDirectory">The run folder; null for a search kept in memory (a comparison without folders, a test).</param>
public sealed record EvaluationContext(string? RunDirectory)
{
    /// <summary>A search with no run folder.</summary>
    public static EvaluationContext InMemory { get; } = new((string?)null);
}
