using Nao.Genotypes;
using Nao.Training;

namespace Nao.Evaluation;

/// <summary>
/// Scores an nb201 architecture by training its NAS-Bench-201 network from scratch (<see cref="Nb201Trainer"/>) and
/// returning the validation accuracy after the last epoch. Metrics: <c>valid_accuracy</c>, <c>parameters</c>,
/// <c>flops</c> (multiply-adds of one image), <c>train_seconds</c>, <c>epochs</c>. A diverged training is a failed
/// evaluation. Calls are serialized: a training uses every torch thread, so two at once would only slow each other down.
/// </summary>
public sealed class Nb201TrainingEvaluator : IEvaluator, IDisposable
{
    private readonly Nb201TrainingOptions options;
    private readonly Nb201TrainingData data;
    private readonly TextWriter? log;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Creates the evaluator over data already loaded (<see cref="Nb201TrainingData.Load"/>).</summary>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public Nb201TrainingEvaluator(Nb201TrainingOptions options, Nb201TrainingData data, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        this.options = options;
        this.data = data;
        this.log = log;
    }

    /// <inheritdoc />
    public string Name =>
        $"NB201 train from scratch: N={options.Cells}, C={options.Channels}, {options.Epochs} epochs on {data.Train.Count:N0} images, valid {data.Valid.Count:N0}";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The genotype is not an nb201 architecture.</exception>
    public async Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken)
    {
        if (genotype is not Nb201Genotype cell)
        {
            throw new ArgumentException($"Nb201TrainingEvaluator trains nb201 cells; got a {genotype?.GetType().Name ?? "null"}.", nameof(genotype));
        }
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Randomness comes from the options' seed and the genotype, so a rerun of the same trial gives the same result.
            var seeded = options with { Seed = unchecked(options.Seed * 31 + (int)Convert.ToUInt32(genotype.Hash[..8], 16)) };
            var result = await Task.Run(() => Nb201Trainer.Train(cell, seeded, data, log, cancellationToken), cancellationToken).ConfigureAwait(false);
            var metrics = new Dictionary<string, double>
            {
                ["parameters"] = result.Parameters,
                ["flops"] = result.MultiplyAdds,
                ["train_seconds"] = result.Elapsed.TotalSeconds,
                ["epochs"] = result.Epochs.Count,
            };
            if (result.ValidAccuracy is { } accuracy) metrics["valid_accuracy"] = accuracy;
            return result.Status == TrainingStatus.Completed && result.ValidAccuracy is { } score
                ? EvaluationResult.Ok(score, metrics)
                : EvaluationResult.Failed(result.Message ?? "Training produced no validation accuracy.", metrics);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();
}
