using Nao.Evaluation;
using Nao.Genotypes;

namespace Nao.WeightSharing;

/// <summary>
/// Scores architectures with a supernet's shared weights instead of training them (NAO-WS). The supernet is used, not
/// owned; the weight-sharing strategy trains it between rounds, and the loop runs one scoring at a time.
/// </summary>
public sealed class SupernetEvaluator(ISupernet supernet) : IEvaluator
{
    /// <inheritdoc />
    public string Name => $"weight sharing: {supernet.Name}";

    /// <inheritdoc />
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(supernet.Score(genotype, cancellationToken));
    }
}
