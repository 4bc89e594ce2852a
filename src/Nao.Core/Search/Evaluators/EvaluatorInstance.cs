using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;

namespace Nao.Search.Evaluators;

/// <summary>
/// A program's own evaluator, registered under a name (<see cref="SearchParts.WithEvaluator"/>) so a search's options
/// can name it like a built-in one. The evaluator object itself is not stored with the run: a resume registers it again.
/// </summary>
/// <example><code>parts.WithEvaluator(new EvaluatorInstance("mine", async (genotype, ct) => EvaluationResult.Ok(await TrainAsync(genotype, ct))))</code></example>
public sealed class EvaluatorInstance : IEvaluatorFactory
{
    private readonly IEvaluator _evaluator;

    /// <summary>Registers <paramref name="evaluator"/> as <paramref name="name"/>.</summary>
    public EvaluatorInstance(string name, IEvaluator evaluator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        _evaluator = evaluator;
    }

    /// <summary>Registers a function as the evaluator <paramref name="name"/>.</summary>
    public EvaluatorInstance(string name, Func<Genotype, CancellationToken, Task<EvaluationResult>> evaluate) : this(name, new FunctionEvaluator(name, evaluate))
    {
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Description => _evaluator.Name;

    /// <inheritdoc />
    public SearchOptions Validate(SearchOptions options, ISearchSpace space, SearchParts parts) => options;

    /// <inheritdoc />
    public IEvaluator Create(SearchOptions options, ISearchSpace space, SearchParts parts, EvaluationContext context) => _evaluator;

    private sealed class FunctionEvaluator(string name, Func<Genotype, CancellationToken, Task<EvaluationResult>> evaluate) : IEvaluator
    {
        public string Name => name;

        public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) => evaluate(genotype, cancellationToken);
    }
}
