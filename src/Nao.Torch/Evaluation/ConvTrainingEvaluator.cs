using Nao.Data;
using Nao.Genotypes;
using Nao.Networks;
using Nao.Torch;
using Nao.Training;
using TorchSharp;

namespace Nao.Evaluation;

/// <summary>
/// Scores a convolutional architecture the way NAO's search does without weight sharing (DESIGN.md section 1,
/// step 7): build the child network, train it from scratch on the training split, and return its dev accuracy as
/// the score, with the parameter count and timings as metrics. A diverged training run is a failed evaluation.
/// Calls are serialized: a child uses every torch thread, so two at once would only slow each other down.
/// <para>
/// The dev accuracy after each epoch is the trial's learning curve, reported as it is measured (so a stopping rule can
/// stop the training) and returned with the result. A multi-fidelity scheduler's fidelity is the number of epochs
/// (the cosine schedule is then compressed to those epochs, as in Hyperband's use of epochs as the resource).
/// </para>
/// </summary>
public sealed class ConvTrainingEvaluator : ITrialAwareEvaluator, IDisposable
{
    private readonly ConvEvaluatorOptions options;
    private readonly ImageBatcher train;
    private readonly ImageBatcher dev;
    private readonly TextWriter? log;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Creates the evaluator; <paramref name="statistics"/> normalizes both splits (compute it from the training images when unsure).</summary>
    /// <exception cref="ArgumentException">The options are out of range, or the splits' image shapes differ.</exception>
    public ConvTrainingEvaluator(ConvEvaluatorOptions options, ImageDataset train, ImageDataset dev, (float[] Mean, float[] Std) statistics,
                                 TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Channels != dev.Channels || train.Height != dev.Height || train.Width != dev.Width || train.Classes != dev.Classes)
        {
            throw new ArgumentException($"The dev images ({dev.Source}) differ in shape or classes from the training images ({train.Source}).");
        }
        options.Trainer.Validate();
        this.options = options with { Network = options.Network with { InputChannels = train.Channels, Classes = train.Classes } };
        this.options.Network.Validate();
        this.train = new ImageBatcher(train, options.Trainer.Augmentation, statistics);
        this.dev = new ImageBatcher(dev, ImageAugmentationOptions.None, statistics);
        this.log = log;
    }

    /// <inheritdoc />
    public string Name =>
        $"train from scratch: N={options.Network.Layers}, F={options.Network.Filters}, {options.Trainer.Epochs} epochs on {train.Data.Count:N0} images, dev {dev.Data.Count:N0}";

    /// <inheritdoc />
    /// <remarks>Metrics: <c>valid_accuracy</c>, <c>best_valid_accuracy</c>, <c>parameters</c>, <c>train_seconds</c>, <c>epochs</c>.</remarks>
    /// <exception cref="ArgumentException">The genotype is not a convolutional architecture.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a checkpoint (if configured) lets a rerun continue.</exception>
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(new TrialContext { Index = 0, Round = 0, Genotype = genotype, Tokens = [] }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Metrics as in <see cref="EvaluateAsync(Genotype, CancellationToken)"/>; the curve has one point per epoch.</remarks>
    /// <exception cref="ArgumentException">The genotype is not a convolutional architecture, or the fidelity is not a whole number of epochs ≥ 1.</exception>
    public async Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var genotype = context.Genotype;
        if (context.Fidelity is { } epochs && (epochs < 1 || epochs != Math.Floor(epochs)))
        {
            throw new ArgumentException($"ConvTrainingEvaluator's fidelity is a whole number of epochs ≥ 1; got {epochs}.", nameof(context));
        }
        if (genotype is not ConvGenotype conv)
        {
            throw new ArgumentException($"ConvTrainingEvaluator trains convolutional cells (nasnet, enas spaces); got a {genotype?.GetType().Name ?? "null"}.", nameof(genotype));
        }
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Evaluate(conv, (int?)context.Fidelity, context.ReportPoint, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private EvaluationResult Evaluate(ConvGenotype genotype, int? epochs, Action<CurvePoint>? report, CancellationToken cancellationToken)
    {
        // A thread-pool thread: the process's thread count, and another thread may have run the last unit of torch work,
        // whose arena still holds its peak.
        TorchRuntime.PrepareThisThread();
        // Randomness comes from the options' seed and the genotype, so a rerun of the same trial gives the same result.
        var seed = unchecked(options.Trainer.Seed * 31 + (int)Convert.ToUInt32(genotype.Hash[..8], 16));
        torch.manual_seed(seed);
        using var network = new CellNetwork(genotype, options.Network);
        // A run at another fidelity has its own schedule, so its checkpoints live in their own folder.
        var folder = epochs is { } e && e != options.Trainer.Epochs ? $"{genotype.Hash}-e{e}" : genotype.Hash;
        var trainerOptions = options.Trainer with
        {
            Seed = seed,
            Epochs = epochs ?? options.Trainer.Epochs,
            CheckpointDirectory = options.CheckpointRoot is null ? null : Path.Combine(options.CheckpointRoot, folder),
        };
        var trainer = new ConvTrainer(trainerOptions, log) { EpochDone = e => { if (Point(e) is { } point) report?.Invoke(point); } };
        var result = trainer.Train(network, train, dev, test: null, cancellationToken);
        var metrics = new Dictionary<string, double>
        {
            ["parameters"] = result.Parameters,
            ["train_seconds"] = result.Epochs.Sum(e => e.Seconds),
            ["epochs"] = result.Epochs.Count,
        };
        if (result.BestDevAccuracy is { } best) metrics["best_valid_accuracy"] = best;
        if (result.FinalDevAccuracy is { } final) metrics["valid_accuracy"] = final;
        IReadOnlyList<CurvePoint> curve = [.. result.Epochs.Select(Point).OfType<CurvePoint>()];
        return (result.Status == TrainingStatus.Completed && result.FinalDevAccuracy is { } score
            ? EvaluationResult.Ok(score, metrics)
            : EvaluationResult.Failed(result.Message ?? "Training produced no dev accuracy.", metrics)) with { Curve = curve };
    }

    /// <summary>An epoch's point of the learning curve: its dev accuracy, with the training loss and accuracy.</summary>
    private static CurvePoint? Point(EpochReport epoch) => epoch.DevAccuracy is { } accuracy
        ? new CurvePoint(epoch.Epoch, accuracy, new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_loss"] = epoch.TrainLoss,
            ["train_accuracy"] = epoch.TrainAccuracy,
        })
        : null;
}
