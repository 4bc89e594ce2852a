using System.Diagnostics;
using Nao.Data.Text;
using Nao.Networks.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Training.Recurrent;

/// <summary>
/// Trains a <see cref="RecurrentLanguageModel"/> as ENAS/DARTS/NAO do (DESIGN.md section 3): SGD with the learning rate
/// scaled by window length over BPTT, random BPTT windows, gradient clipping, weight decay, activation and temporal
/// activation regularization, and AWD-LSTM's switch to averaged SGD. Validation perplexity after every epoch, a
/// checkpoint after every epoch (resumed when present), test perplexity with the best-validation weights at the end.
/// A NaN or exploding loss stops the run with <see cref="LanguageModelTrainingStatus.Failed"/> and a message.
/// </summary>
public sealed class LanguageModelTrainer
{
    private readonly LanguageModelTrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LanguageModelTrainer(LanguageModelTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options of this trainer.</summary>
    public LanguageModelTrainerOptions Options => _options;

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="corpus"/>. On return the model holds the best-validation
    /// weights (the averaged ones once averaged SGD has started). Cancellation stops between windows; the checkpoint
    /// of the last finished epoch stays, so the run can resume.
    /// </summary>
    /// <exception cref="ArgumentException">The model's vocabulary differs from the corpus's, or the data is too short for the batch size.</exception>
    /// <exception cref="InvalidDataException">The checkpoint folder holds a checkpoint of another architecture or model shape.</exception>
    public LanguageModelTrainingResult Train(RecurrentLanguageModel model, TextCorpus corpus, IProgress<LanguageModelProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        // The process's thread count on this thread, so a resumed run sums exactly as the uninterrupted one did.
        Nao.Torch.TorchRuntime.PrepareThisThread();
        if (corpus.Vocabulary.Count != model.Options.Vocabulary)
        {
            throw new ArgumentException(
                $"The model has a vocabulary of {model.Options.Vocabulary:N0} words but the corpus '{corpus.TrainPath}' has {corpus.Vocabulary.Count:N0}. Build the model with the corpus's vocabulary size.",
                nameof(model));
        }
        var clock = Stopwatch.StartNew();
        using var train = TokenBatches.Batchify(corpus.Train, _options.BatchSize, _options.TrainTokenLimit);
        using var valid = TokenBatches.Batchify(corpus.Valid, _options.EvalBatchSize, _options.EvalTokenLimit);
        var parameters = model.named_parameters().ToArray();
        using var optimizer = torch.optim.SGD(model.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay);
        var run = new LanguageModelRunState(parameters);
        try
        {
            var checkpointPath = _options.CheckpointDirectory is { } dir ? Path.Combine(dir, LanguageModelCheckpoint.FileName) : null;
            var resumedFrom = checkpointPath is not null && File.Exists(checkpointPath) ? run.Resume(checkpointPath, model) : 0;
            // One step far above chance is enough here: a language model's loss does not spike that high by chance.
            var divergence = new DivergenceRule(model.Options.Vocabulary, _options.DivergenceFactor, patience: 1);
            for (var epoch = resumedFrom + 1; epoch <= _options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                var outcome = TrainEpoch(model, optimizer, parameters, train, epoch, run, divergence, clock, progress, cancellationToken);
                if (outcome.Failure is { } failure)
                {
                    return new LanguageModelTrainingResult(LanguageModelTrainingStatus.Failed, failure, run.History, resumedFrom,
                        run.BestValidLoss, null, model.ParameterCount, clock.Elapsed);
                }
                var trainSeconds = epochClock.Elapsed.TotalSeconds;
                double validLoss;
                using (run.Average?.Apply())
                {
                    validLoss = LanguageModelEvaluation.Loss(model, valid, _options.Bptt, cancellationToken);
                    if (!double.IsFinite(validLoss))
                    {
                        return new LanguageModelTrainingResult(LanguageModelTrainingStatus.Failed,
                            $"Training diverged in epoch {epoch}: the validation loss is {validLoss}. Lower the learning rate (now {_options.LearningRate}) or keep gradient clipping on.",
                            run.History, resumedFrom, run.BestValidLoss, null, model.ParameterCount, clock.Elapsed);
                    }
                    if (!(validLoss >= run.BestValidLoss)) run.KeepBest(validLoss);
                }
                var record = new LanguageModelEpoch(epoch, outcome.TrainLoss, validLoss, outcome.Tokens, epochClock.Elapsed,
                    outcome.Tokens / trainSeconds, run.Average is not null);
                run.History.Add(record);
                MaybeStartAveraging(run, validLoss);
                if (checkpointPath is not null) run.Save(checkpointPath, model, epoch);
                progress?.Report(new LanguageModelProgress(epoch, _options.Epochs, outcome.Tokens, outcome.Tokens, outcome.TrainLoss,
                    _options.LearningRate, record.TokensPerSecond, clock.Elapsed, record));
            }
            run.LoadBestInto();
            double? testLoss = null;
            if (_options.EvaluateTest)
            {
                using var test = TokenBatches.Batchify(corpus.Test, _options.EvalBatchSize, _options.EvalTokenLimit);
                testLoss = LanguageModelEvaluation.Loss(model, test, _options.Bptt, cancellationToken);
            }
            return new LanguageModelTrainingResult(LanguageModelTrainingStatus.Completed, null, run.History, resumedFrom,
                run.BestValidLoss, testLoss, model.ParameterCount, clock.Elapsed);
        }
        finally
        {
            run.Dispose();
        }
    }

    // AWD-LSTM's non-monotone trigger (Merity et al. 2018, Algorithm 1): average from the first epoch whose validation
    // loss is worse than the best of the epochs more than NonMonotoneInterval ago.
    private void MaybeStartAveraging(LanguageModelRunState run, double validLoss)
    {
        if (!_options.AveragedSgd || run.Average is not null) return;
        var losses = run.History.Select(e => e.ValidLoss).ToArray();
        if (losses.Length - 1 > _options.NonMonotoneInterval && validLoss > losses[..^(_options.NonMonotoneInterval + 1)].Min())
        {
            run.StartAveraging();
        }
    }

    private EpochOutcome TrainEpoch(RecurrentLanguageModel model, SGD optimizer, (string Name, Parameter Parameter)[] parameters, Tensor train,
        int epoch, LanguageModelRunState run, DivergenceRule divergence, Stopwatch clock, IProgress<LanguageModelProgress>? progress, CancellationToken cancellationToken)
    {
        // Everything random in an epoch derives from (seed, epoch), so a run resumed at an epoch boundary repeats exactly.
        var epochSeed = (long)_options.Seed * 1_000_003 + epoch;
        model.ReseedDropout(epochSeed);
        var random = new Random(unchecked((int)epochSeed));
        var sampler = new BpttLengthSampler(_options.Bptt, _options.MaxBpttDelta);
        model.train();
        var rows = train.shape[0];
        var batch = train.shape[1];
        var hidden = model.InitialHidden(batch);
        var group = optimizer.ParamGroups.First();
        double lossSum = 0, windowLossSum = 0;
        long tokens = 0, windowTokens = 0, windows = 0;
        var windowClock = Stopwatch.StartNew();
        try
        {
            for (long row = 0; row < rows - 2; windows++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = sampler.Next(random);
                var (inputs, targets) = TokenBatches.Window(train, row, length);
                var used = inputs.shape[0];
                group.LearningRate = _options.LearningRate * used / _options.Bptt;
                var step = Step(model, optimizer, parameters, inputs, targets, hidden, run.Average);
                inputs.Dispose();
                targets.Dispose();
                hidden.Dispose();
                hidden = step.Hidden;
                var what = divergence.CheckLoss(step.Loss) ?? DivergenceRule.CheckGradientNorm(step.GradientNorm);
                if (what is not null)
                {
                    return new EpochOutcome(0, tokens, $"Training diverged in epoch {epoch} at token {tokens:N0}: {what}. "
                        + $"Lower the learning rate (now {_options.LearningRate}) or keep gradient clipping on (now {_options.GradientClip}).");
                }
                var count = used * batch;
                lossSum += step.Loss * count;
                windowLossSum += step.Loss * count;
                tokens += count;
                windowTokens += count;
                row += used;
                if (progress is not null && (windows + 1) % _options.ProgressInterval == 0)
                {
                    progress.Report(new LanguageModelProgress(epoch, _options.Epochs, tokens, (rows - 1) * batch, windowLossSum / windowTokens,
                        _options.LearningRate, windowTokens / windowClock.Elapsed.TotalSeconds, clock.Elapsed));
                    windowLossSum = 0;
                    windowTokens = 0;
                    windowClock.Restart();
                }
            }
        }
        finally
        {
            group.LearningRate = _options.LearningRate;
            hidden.Dispose();
        }
        return new EpochOutcome(tokens == 0 ? double.NaN : lossSum / tokens, tokens, null);
    }

    /// <summary>
    /// One training window: forward, loss with AR/TAR, backward, clipping, SGD step, averaging. Returns the mean
    /// cross-entropy, the gradient norm before clipping, and the last hidden state detached from the graph, so that
    /// the next window carries the state but does not backpropagate into this one.
    /// </summary>
    internal (double Loss, double GradientNorm, Tensor Hidden) Step(RecurrentLanguageModel model, SGD optimizer,
        (string Name, Parameter Parameter)[] parameters, Tensor inputs, Tensor targets, Tensor hidden, ParameterAverage? average)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var output = model.call(inputs, hidden);
        var crossEntropy = torch.nn.functional.cross_entropy(output.Logits, targets.reshape(-1));
        var loss = crossEntropy;
        if (_options.ActivationRegularization > 0)
        {
            loss = loss + output.DroppedOutputs.pow(2).mean() * _options.ActivationRegularization;
        }
        if (_options.TemporalActivationRegularization > 0 && output.Outputs.shape[0] > 1)
        {
            var steps = output.Outputs.shape[0];
            var change = output.Outputs.narrow(0, 1, steps - 1) - output.Outputs.narrow(0, 0, steps - 1);
            loss = loss + change.pow(2).mean() * _options.TemporalActivationRegularization;
        }
        loss.backward();
        var norm = _options.GradientClip > 0
            ? torch.nn.utils.clip_grad_norm_(parameters.Select(p => p.Parameter), _options.GradientClip)
            : double.NaN;
        var value = crossEntropy.item<float>();
        if (_options.GradientClip <= 0) norm = 0;
        if (double.IsFinite(value) && double.IsFinite(norm))
        {
            optimizer.step();
            average?.Update();
        }
        return (value, norm, output.Hidden.detach().MoveToOuterDisposeScope());
    }

    private sealed record EpochOutcome(double TrainLoss, long Tokens, string? Failure);
}
