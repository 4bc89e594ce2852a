using System.Diagnostics;
using Nao.Data;
using Nao.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Training;

/// <summary>
/// Trains a <see cref="CellNetwork"/> (DESIGN.md section 3): SGD with momentum (optionally Nesterov) and weight
/// decay, a per-epoch cosine learning rate, gradient clipping, cross-entropy with optional label smoothing plus the
/// weighted auxiliary loss, dev evaluation after each epoch and a test evaluation at the end. With a checkpoint
/// folder it saves after every epoch and resumes a killed run. A NaN or infinite loss or gradient norm, or a loss that
/// stays far above chance (<see cref="DivergenceRule"/>), stops the run with <see cref="TrainingStatus.Diverged"/>.
/// </summary>
public sealed class ConvTrainer
{
    private readonly ConvTrainerOptions options;
    private readonly TextWriter? log;
    private readonly IProgress<TrainingProgress>? progress;

    /// <summary>Creates a trainer that writes epoch lines and progress lines to <paramref name="log"/> and reports to <paramref name="progress"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ConvTrainer(ConvTrainerOptions options, TextWriter? log = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.log = log;
        this.progress = progress;
    }

    /// <summary>
    /// Called after each epoch's dev evaluation (and its checkpoint), on the training thread: a search records the
    /// learning curve through it, and may cancel the training's token to stop early. Default: none.
    /// </summary>
    public Action<EpochReport>? EpochDone { get; init; }

    /// <summary>Trains the network on <paramref name="train"/>; evaluates on <paramref name="dev"/> each epoch and on <paramref name="test"/> at the end.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint of the last completed epoch remains.</exception>
    /// <exception cref="InvalidDataException">The checkpoint folder holds a checkpoint of another network.</exception>
    public ConvTrainingResult Train(CellNetwork network, ImageBatcher train, ImageBatcher? dev = null, ImageBatcher? test = null,
                                    CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        // The process's thread count on this thread, so a resumed run sums exactly as the uninterrupted one did.
        Nao.Torch.TorchRuntime.PrepareThisThread();
        var clock = Stopwatch.StartNew();
        using var optimizer = torch.optim.SGD(network.parameters(), options.LearningRate, options.Momentum, 0, options.WeightDecay, options.Nesterov);
        var history = new List<EpochReport>();
        var (start, globalStep, best, bestEpoch) = (0, 0L, (double?)null, (int?)null);
        if (options.CheckpointDirectory is { } directory && TrainingCheckpoint.TryLoad(directory, network, optimizer) is { } state)
        {
            (start, globalStep, best, bestEpoch) = (state.CompletedEpochs, state.GlobalStep, state.BestDevAccuracy, state.BestEpoch);
            history.AddRange(state.History);
            log?.WriteLine($"Resuming from the checkpoint in {directory}: {start} epoch(s) done.");
        }
        var steps = train.BatchCount(options.BatchSize, training: true);
        var totalSteps = (long)steps * options.Epochs;
        var stepsThisRun = 0L;
        var divergence = new DivergenceRule(network.Options.Classes, options.DivergenceFactor, options.DivergencePatience);
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lr = options.LearningRateAt(epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            // Every epoch draws from its own seed, so a resumed run sees the same data order and augmentations.
            var epochSeed = unchecked(options.Seed * 1_000_003 + epoch);
            torch.manual_seed(epochSeed);
            var random = new Random(epochSeed);
            network.train();
            var (lossSum, headLossSum, correct, seen, step) = (0.0, 0.0, 0L, 0L, 0);
            // Counted per epoch, so a run resumed at an epoch boundary stops where the uninterrupted one would.
            divergence.Reset();
            var epochClock = Stopwatch.StartNew();
            var lastReport = 0.0;
            foreach (var batch in train.Batches(options.BatchSize, random))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var (images, labels) = train.Load(batch, random);
                network.Progress = (globalStep + 1.0) / totalSteps;
                var output = network.call(images);
                var headLoss = nn.functional.cross_entropy(output.Logits, labels, label_smoothing: options.LabelSmoothing);
                var loss = headLoss;
                if (output.Auxiliary is { } auxiliary && options.AuxiliaryWeight > 0)
                {
                    loss = loss.add(nn.functional.cross_entropy(auxiliary, labels, label_smoothing: options.LabelSmoothing).mul(options.AuxiliaryWeight));
                }
                var lossValue = loss.item<float>();
                // The bound is on the main head's loss, so the auxiliary head's weight does not move it.
                var headLossValue = headLoss.item<float>();
                if (divergence.CheckLoss(float.IsFinite(lossValue) ? headLossValue : lossValue) is { } lossProblem)
                {
                    return Diverged(lossProblem, epoch, step, lr, history, best, bestEpoch, network, start, clock);
                }
                optimizer.zero_grad();
                loss.backward();
                if (options.GradientClipNorm > 0)
                {
                    // A non-finite norm would turn every weight into NaN at the step; stop before it.
                    var norm = nn.utils.clip_grad_norm_(network.parameters(), options.GradientClipNorm);
                    if (DivergenceRule.CheckGradientNorm(norm) is { } gradientProblem)
                    {
                        return Diverged(gradientProblem, epoch, step, lr, history, best, bestEpoch, network, start, clock);
                    }
                }
                optimizer.step();
                correct += output.Logits.argmax(1).eq(labels).sum().item<long>();
                lossSum += lossValue * batch.Length;
                headLossSum += headLossValue * batch.Length;
                seen += batch.Length;
                step++;
                globalStep++;
                stepsThisRun++;
                if (epochClock.Elapsed.TotalSeconds - lastReport >= options.ProgressIntervalSeconds || step == steps)
                {
                    lastReport = epochClock.Elapsed.TotalSeconds;
                    var remainingSteps = totalSteps - globalStep;
                    var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / stepsThisRun * remainingSteps);
                    var report = new TrainingProgress(epoch + 1, options.Epochs, step, steps, lossSum / seen, (double)correct / seen, lr,
                        seen / epochClock.Elapsed.TotalSeconds, eta);
                    progress?.Report(report);
                    if (step < steps) log?.WriteLine(report);
                }
            }
            if (seen > 0 && divergence.CheckEpochMean(headLossSum / seen) is { } epochProblem)
            {
                return Diverged(epochProblem, epoch, step - 1, lr, history, best, bestEpoch, network, start, clock);
            }
            var trainSeconds = epochClock.Elapsed.TotalSeconds;
            double? devAccuracy = dev is null ? null : Evaluate(network, dev, options.EvaluationBatchSize, cancellationToken);
            if (devAccuracy is { } accuracy && (best is null || accuracy > best)) (best, bestEpoch) = (accuracy, epoch + 1);
            var epochReport = new EpochReport(epoch + 1, lr, lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen), devAccuracy,
                trainSeconds, seen / trainSeconds);
            history.Add(epochReport);
            log?.WriteLine(FormattableString.Invariant(
                $"epoch {epoch + 1}/{options.Epochs}: loss {epochReport.TrainLoss:F4}, train acc {epochReport.TrainAccuracy:P2}{(devAccuracy is { } d ? $", dev acc {d:P2}" : "")}, lr {lr:G4}, {trainSeconds:F1} s, {epochReport.ImagesPerSecond:F0} img/s"));
            if (options.CheckpointDirectory is { } folder)
            {
                TrainingCheckpoint.Save(folder, network, optimizer, new CheckpointState(TrainingCheckpoint.FormatVersion,
                    network.Genotype.Canonical, network.Options, epoch + 1, globalStep, history, best, bestEpoch));
            }
            EpochDone?.Invoke(epochReport);
        }
        double? testAccuracy = test is null ? null : Evaluate(network, test, options.EvaluationBatchSize, cancellationToken);
        return Result(TrainingStatus.Completed, null, history, best, bestEpoch, testAccuracy, test?.Data.Count ?? 0, network, start, clock);
    }

    /// <summary>The share of images of <paramref name="data"/> the network classifies right (evaluation mode, no augmentation).</summary>
    public static double Evaluate(CellNetwork network, ImageBatcher data, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        network.eval();
        using var noGrad = torch.no_grad();
        var correct = 0L;
        foreach (var batch in data.Batches(batchSize, shuffle: null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var (images, labels) = data.Load(batch, augment: null);
            correct += network.call(images).Logits.argmax(1).eq(labels).sum().item<long>();
        }
        return data.Data.Count == 0 ? 0 : (double)correct / data.Data.Count;
    }

    private ConvTrainingResult Diverged(string problem, int epoch, int step, double lr, List<EpochReport> history, double? best, int? bestEpoch,
        CellNetwork network, int resumedFrom, Stopwatch clock)
    {
        var message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Training diverged at epoch {epoch + 1}, step {step + 1}: {problem}. Lower the learning rate (now {lr:G4}) or keep gradient clipping on.");
        log?.WriteLine(message);
        return Result(TrainingStatus.Diverged, message, history, best, bestEpoch, null, 0, network, resumedFrom, clock);
    }

    private static ConvTrainingResult Result(TrainingStatus status, string? message, List<EpochReport> history, double? best, int? bestEpoch,
        double? testAccuracy, int testImages, CellNetwork network, int resumedFrom, Stopwatch clock) =>
        new(status, message, history, best, bestEpoch, history.Count > 0 ? history[^1].DevAccuracy : null, testAccuracy, testImages,
            network.ParameterCount(), resumedFrom, clock.Elapsed);
}
