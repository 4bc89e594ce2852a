using Nao.Evaluation;
using Nao.Experiments;
using Nao.Genotypes;
using Nao.Search;
using Nao.Search.Evaluators;
using Nao.SearchSpaces;

namespace Nao.Sessions;

/// <summary>
/// The whole .NET API in one call, in the spirit of Optuna's <c>study.optimize(objective, n_trials)</c>: a space, an
/// evaluator (a lambda is enough), a run folder. The run folder is a normal Nao run: <c>nao runs</c>, <c>nao report</c>
/// read it, and calling again with the same folder resumes it (an interrupted search continues; a finished one returns
/// at once, or extends to a larger budget).
/// </summary>
/// <example>
/// <code>
/// var space = SpaceFile.Load("chain.yaml");
/// var result = await NaoSearch.RunAsync("runs/chain", space, async (genotype, ct) => EvaluationResult.Ok(await TrainAsync(genotype, ct)),
///     new SearchOptions { Strategy = "evolution", Loop = new SearchLoopOptions { Budget = 50 } });
/// Console.WriteLine(result.Summary.Best?.Genotype);
/// </code>
/// </example>
public static class NaoSearch
{
    /// <summary>The evaluator name a program's own evaluator is registered under.</summary>
    public const string EvaluatorName = "program";

    /// <summary>
    /// Runs (or resumes) a search of <paramref name="space"/> scored by <paramref name="evaluator"/> into
    /// <paramref name="runDirectory"/>. <paramref name="options"/> sets the strategy, seed, budget and the strategy's
    /// settings (its space and evaluator are replaced by these arguments). <paramref name="parts"/> must hold the NAO
    /// controller for <c>Strategy = "nao"</c> (Nao.Torch's <c>TorchParts.All</c>); default: Core's parts (random search
    /// and evolution).
    /// </summary>
    /// <exception cref="SearchSetupException">Bad options, or the folder holds a run of other options.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the run can be resumed by calling again.</exception>
    public static Task<SearchResult> RunAsync(string runDirectory, ISearchSpace space, IEvaluator evaluator, SearchOptions? options = null,
        SearchParts? parts = null, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return RunRegisteredAsync(runDirectory, space, new EvaluatorInstance(EvaluatorName, evaluator), options, parts, progress, cancellationToken);
    }

    /// <summary>
    /// <see cref="RunAsync(string, ISearchSpace, IEvaluator, SearchOptions?, SearchParts?, IProgress{SearchProgress}?, CancellationToken)"/>
    /// with a function as the evaluator.
    /// </summary>
    public static Task<SearchResult> RunAsync(string runDirectory, ISearchSpace space, Func<Genotype, CancellationToken, Task<EvaluationResult>> evaluate,
        SearchOptions? options = null, SearchParts? parts = null, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunRegisteredAsync(runDirectory, space, new EvaluatorInstance(EvaluatorName, evaluate), options, parts, progress, cancellationToken);

    private static async Task<SearchResult> RunRegisteredAsync(string runDirectory, ISearchSpace space, EvaluatorInstance evaluator, SearchOptions? options,
        SearchParts? parts, IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        var registry = (parts ?? SearchParts.Core).WithSpace(space).WithEvaluator(evaluator);
        var runner = new SearchRunner(registry);
        var wanted = (options ?? new SearchOptions()) with
        {
            Space = space.Name,
            SpaceDefinition = (space as SearchSpaces.Files.FileSearchSpace)?.Source,
            Evaluator = EvaluatorName,
        };
        using var session = SearchSession.CreateOrResume(runDirectory, wanted, runner);
        return await session.RunAsync(progress, cancellationToken);
    }
}
