using System.Collections.Concurrent;
using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.Tests.Experiments;

/// <summary>A test evaluator: the score is a function of the architecture; counts calls per architecture.</summary>
internal sealed class FunctionEvaluator(Func<Genotype, double> score, Func<Genotype, Task>? before = null) : IEvaluator
{
    public ConcurrentDictionary<Genotype, int> Calls { get; } = new();

    public int TotalCalls => Calls.Values.Sum();

    public string Name => "function";

    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(genotype, 1, (_, n) => n + 1);
        if (before is not null) await before(genotype);
        cancellationToken.ThrowIfCancellationRequested();
        return EvaluationResult.Ok(score(genotype), new Dictionary<string, double> { ["score"] = score(genotype) });
    }
}
