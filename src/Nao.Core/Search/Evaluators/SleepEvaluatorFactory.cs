using Nao.Evaluation;
using Nao.SearchSpaces;

namespace Nao.Search.Evaluators;

/// <summary><c>--evaluator sleep</c>: the benchmark's score after a fixed wait (<see cref="SleepEvaluator"/>), a slow deterministic fake.</summary>
public sealed class SleepEvaluatorFactory : IEvaluatorFactory
{
    /// <summary>The registry name.</summary>
    public const string EvaluatorName = "sleep";

    /// <inheritdoc />
    public string Name => EvaluatorName;

    /// <inheritdoc />
    public string Description => "the table lookup after --sleep seconds (a slow fake for tests and scaling)";

    /// <inheritdoc />
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts)
    {
        options.Benchmark.Validate();
        options.Sleep.Validate();
        BenchmarkEvaluatorFactory.RequireNb201(space, Name);
        return options;
    }

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context) =>
        new SleepEvaluator(TabularEvaluator.Create(options.Benchmark), options.Sleep);
}
