using System.Collections.Concurrent;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.Objectives;
using Nao.Torch;
using static TorchSharp.torch;

namespace Nao.Costs;

/// <summary>
/// Exact costs of an <c>enas-rnn</c> architecture: its language model is built at the given hidden size and vocabulary
/// and its parameters walked. <c>params</c> counts them all (embedding, the cell's W_0 and one matrix per node, the
/// softmax bias); <c>flops</c> counts the multiply-adds of one sequence of <c>sequenceLength</c> tokens at batch 1, as
/// the cost counter counts linear layers: per token, every matrix of the cell multiplies once (x·W_0x, h·W_0h, and each
/// node's input), the tied embedding once as the softmax weight, plus one add per vocabulary entry for its bias.
/// Activations, gates and the embedding lookup add no multiply-adds. Builds are cached per architecture.
/// </summary>
public sealed class RecurrentCostModel : ICostModel
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, double>> _cache = new(StringComparer.Ordinal);
    private readonly RecurrentModelOptions _options;

    /// <summary>Prices architectures at these sizes.</summary>
    /// <param name="hidden">Embedding and hidden size. Default: 850 (the paper's PTB setting).</param>
    /// <param name="vocabulary">Vocabulary size. Default: 10,000 (PTB).</param>
    /// <param name="sequenceLength">Tokens per sequence for <c>flops</c>. Default: 35 (the BPTT length).</param>
    /// <exception cref="ArgumentException">A size below 1 (vocabulary below 2).</exception>
    public RecurrentCostModel(int hidden = 850, int vocabulary = 10_000, int sequenceLength = 35)
    {
        if (sequenceLength < 1) throw new ArgumentException($"The sequence length must be at least 1; got {sequenceLength}.", nameof(sequenceLength));
        _options = new RecurrentModelOptions { Hidden = hidden, Vocabulary = vocabulary }.WithoutDropout();
        _options.Validate();
        SequenceLength = sequenceLength;
    }

    /// <summary>Tokens per sequence that <c>flops</c> counts.</summary>
    public int SequenceLength { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Metrics { get; } = [Nb201CostMeasurement.MultiplyAdds, Nb201CostMeasurement.Parameters];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Costs(Genotype genotype)
    {
        if (genotype is not RecurrentGenotype cell) throw new ArgumentException($"The recurrent cost model prices enas-rnn architectures only; got {genotype.GetType().Name}.", nameof(genotype));
        return _cache.GetOrAdd(cell.Canonical, _ =>
        {
            TorchRuntime.Initialize();
            using var scope = NewDisposeScope();
            using var model = new RecurrentLanguageModel(cell, _options, seed: 0);
            long parameters = 0, perToken = 0;
            foreach (var (name, parameter) in model.named_parameters())
            {
                parameters += parameter.numel();
                // Each matrix [in, out] (the embedding [V, H] as the softmax weight) costs in·out per token, the softmax
                // bias one add per entry: every parameter is used once per token, so the two counts agree. Any other
                // shape would be a layer this walk does not know.
                perToken += parameter.dim() switch
                {
                    1 or 2 => parameter.numel(),
                    _ => throw new InvalidOperationException($"The recurrent cost walk does not know the {parameter.dim()}-D parameter '{name}'."),
                };
            }
            return new Dictionary<string, double>
            {
                [Nb201CostMeasurement.Parameters] = parameters,
                [Nb201CostMeasurement.MultiplyAdds] = (double)perToken * SequenceLength,
            };
        });
    }

    /// <inheritdoc />
    public (double Min, double Max)? Range(string metric) => null;
}
