using System.Globalization;
using Nao.Data.Text;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.Torch;
using Nao.Training.Recurrent;

namespace Nao.Evaluation;

/// <summary>
/// Scores an <c>enas-rnn</c> architecture by training its language model from scratch (NAO without weight sharing):
/// build the model, train it with <see cref="LanguageModelTrainer"/>, and read the best validation perplexity.
/// <para>
/// The score is −ln(validation perplexity), i.e. minus the validation cross-entropy in nats per token: higher is
/// better as the search requires. The log keeps the scale of the quantity the model is trained on, so equal ratios of
/// perplexity (60 → 80 or 600 → 800) are equal score gaps; 1/ppl would squash every poor architecture towards zero and
/// leave the controller's min-max normalized targets (DESIGN.md section 1, step 5) dominated by the few best.
/// </para>
/// A diverged training is returned as a failed evaluation with the trainer's message. Several calls may run at once:
/// each builds its own model and random generators.
/// <para>
/// Each epoch's −(validation loss) is a point of the trial's learning curve, reported as measured (so a stopping rule
/// can stop the training) and returned with the result. A multi-fidelity scheduler's fidelity is the number of epochs.
/// </para>
/// </summary>
public sealed class RecurrentTrainingEvaluator : ITrialAwareEvaluator
{
    private readonly TextCorpus _corpus;
    private readonly RecurrentTrainingEvaluatorOptions _options;
    private readonly RecurrentModelOptions _model;

    /// <summary>Creates an evaluator that trains on <paramref name="corpus"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RecurrentTrainingEvaluator(TextCorpus corpus, RecurrentTrainingEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        _model = options.Model with { Vocabulary = corpus.Vocabulary.Count };
        _model.Validate();
        options.Trainer.Validate();
        _corpus = corpus;
        _options = options;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"enas-rnn trained from scratch on {Path.GetFileName(_corpus.TrainPath)}: hidden {_model.Hidden}, {_options.Trainer.Epochs} epoch(s), score = -ln(valid ppl)");

    /// <summary>The score of a validation perplexity: −ln(ppl).</summary>
    public static double ScoreOf(double validPerplexity) => -Math.Log(validPerplexity);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The genotype is not a recurrent (<c>enas-rnn</c>) architecture.</exception>
    public Task<EvaluationResult> EvaluateAsync(Genotype genotype, CancellationToken cancellationToken) =>
        EvaluateAsync(new TrialContext { Index = 0, Round = 0, Genotype = genotype, Tokens = [] }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The genotype is not a recurrent architecture, or the fidelity is not a whole number of epochs ≥ 1.</exception>
    public Task<EvaluationResult> EvaluateAsync(TrialContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var genotype = context.Genotype;
        ArgumentNullException.ThrowIfNull(genotype);
        if (context.Fidelity is { } epochs && (epochs < 1 || epochs != Math.Floor(epochs)))
        {
            throw new ArgumentException($"RecurrentTrainingEvaluator's fidelity is a whole number of epochs ≥ 1; got {epochs}.", nameof(context));
        }
        if (genotype is not RecurrentGenotype recurrent)
        {
            throw new ArgumentException(
                $"{nameof(RecurrentTrainingEvaluator)} trains recurrent cells of the enas-rnn space, but got a {genotype.GetType().Name} ({genotype.Canonical}).",
                nameof(genotype));
        }
        return Task.Run(() => Evaluate(recurrent, (int?)context.Fidelity, context.ReportPoint, cancellationToken), cancellationToken);
    }

    private EvaluationResult Evaluate(RecurrentGenotype genotype, int? epochs, Action<CurvePoint>? report, CancellationToken cancellationToken)
    {
        // A thread-pool thread: the process's thread count, and another thread may have run the last unit of torch work,
        // whose arena still holds its peak.
        TorchRuntime.PrepareThisThread();
        // The architecture's own seed: the same architecture gets the same initialization and data order on a rerun.
        var seed = unchecked(_options.Seed * 486_187_739 + int.Parse(genotype.Hash[..7], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        // A run at another fidelity has its own schedule, so its checkpoints live in their own folder.
        var folder = epochs is { } e && e != _options.Trainer.Epochs ? $"{genotype.Hash}-e{e}" : genotype.Hash;
        var trainerOptions = _options.Trainer with
        {
            Seed = seed,
            Epochs = epochs ?? _options.Trainer.Epochs,
            CheckpointDirectory = _options.CheckpointRoot is { } root ? Path.Combine(root, folder) : null,
        };
        using var model = new RecurrentLanguageModel(genotype, _model, seed);
        var epochsDone = new EpochListener(e => report?.Invoke(Point(e)));
        var result = new LanguageModelTrainer(trainerOptions).Train(model, _corpus, epochsDone, cancellationToken);
        var metrics = new Dictionary<string, double>
        {
            ["parameters"] = result.ParameterCount,
            ["train_seconds"] = result.Duration.TotalSeconds,
            ["epochs"] = result.Epochs.Count,
        };
        if (result.Epochs.Count > 0)
        {
            metrics["valid_loss"] = result.BestValidLoss;
            metrics["valid_perplexity"] = result.BestValidPerplexity;
            metrics["train_tokens_per_second"] = result.Epochs[^1].TokensPerSecond;
        }
        if (result.TestPerplexity is { } test) metrics["test_perplexity"] = test;
        IReadOnlyList<CurvePoint> curve = [.. result.Epochs.Select(Point)];
        return (result.Status == LanguageModelTrainingStatus.Completed
            ? EvaluationResult.Ok(ScoreOf(result.BestValidPerplexity), metrics)
            : EvaluationResult.Failed(result.Message ?? "Training failed.", metrics)) with { Curve = curve };
    }

    /// <summary>An epoch's point of the learning curve: −(validation loss), the score's scale, with the training loss.</summary>
    private static CurvePoint Point(LanguageModelEpoch epoch) =>
        new(epoch.Epoch, -epoch.ValidLoss, new SortedDictionary<string, double>(StringComparer.Ordinal) { ["train_loss"] = epoch.TrainLoss });

    /// <summary>Passes each finished epoch on, synchronously on the training thread (Progress&lt;T&gt; would post it elsewhere, too late to stop).</summary>
    private sealed class EpochListener(Action<LanguageModelEpoch> done) : IProgress<LanguageModelProgress>
    {
        public void Report(LanguageModelProgress value)
        {
            if (value.CompletedEpoch is { } epoch) done(epoch);
        }
    }
}
