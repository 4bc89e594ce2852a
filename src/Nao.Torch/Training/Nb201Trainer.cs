using System.Diagnostics;
using Nao.Data;
using Nao.Genotypes;
using Nao.Networks.Costs;
using Nao.Networks.Nb201;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Training;

/// <summary>
/// Trains one NAS-Bench-201 network from scratch with <see cref="Nb201TrainingOptions"/> (by default the benchmark's
/// protocol) and returns its accuracy on the validation images after the last epoch, the measure of the table's
/// <c>c10valid_val200_mean</c> column. No gradient clipping, label smoothing or auxiliary head: the benchmark has none.
/// </summary>
public static class Nb201Trainer
{
    /// <summary>Mini-batch size for validation (no gradients, so larger is fine).</summary>
    public const int EvaluationBatchSize = 500;

    /// <summary>
    /// Builds the network of <paramref name="genotype"/> (weights from <see cref="Nb201TrainingOptions.Seed"/>), trains it on
    /// <paramref name="data"/>'s training images and validates it; <paramref name="log"/> receives a line per epoch.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Nb201TrainingResult Train(Nb201Genotype genotype, Nb201TrainingOptions options, Nb201TrainingData data,
        TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        options.Validate();
        Nao.Torch.TorchRuntime.PrepareThisThread();
        var clock = Stopwatch.StartNew();
        torch.manual_seed(options.Seed);
        using var network = new Nb201Network(genotype, options.Network(data.Train));
        var cost = CostCounter.Count(network, network.Options.InputShape);
        var augmentation = new ImageAugmentationOptions { HorizontalFlip = ImageDatasets.Flips(options.Dataset) };
        var train = new ImageBatcher(data.Train, augmentation, data.Statistics);
        var valid = new ImageBatcher(data.Valid, ImageAugmentationOptions.None, data.Statistics);
        using var optimizer = torch.optim.SGD(network.parameters(), options.LearningRate, options.Momentum, 0, options.WeightDecay, options.Nesterov);
        var steps = train.BatchCount(options.BatchSize, training: true);
        var totalSteps = (long)steps * options.Epochs;
        var step = 0L;
        var history = new List<EpochReport>();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var epochSeed = unchecked(options.Seed * 1_000_003 + epoch);
            torch.manual_seed(epochSeed);
            var random = new Random(epochSeed);
            network.train();
            var epochClock = Stopwatch.StartNew();
            var (lossSum, correct, seen) = (0.0, 0L, 0L);
            var lr = options.LearningRate;
            foreach (var batch in train.Batches(options.BatchSize, random))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                lr = options.LearningRateAt(step, totalSteps);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                var (images, labels) = train.Load(batch, random);
                var logits = network.call(images);
                var loss = nn.functional.cross_entropy(logits, labels);
                var lossValue = loss.item<float>();
                if (!float.IsFinite(lossValue))
                {
                    var message = FormattableString.Invariant($"The loss became {lossValue} at epoch {epoch + 1}, step {step + 1}. Lower the learning rate (now {lr:G4}).");
                    log?.WriteLine(message);
                    return new Nb201TrainingResult(TrainingStatus.Diverged, message, null, history, cost.Parameters, cost.MultiplyAdds, clock.Elapsed);
                }
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                correct += logits.argmax(1).eq(labels).sum().item<long>();
                lossSum += lossValue * batch.Length;
                seen += batch.Length;
                step++;
            }
            var seconds = epochClock.Elapsed.TotalSeconds;
            double? validAccuracy = epoch == options.Epochs - 1 ? Evaluate(network, valid, cancellationToken) : null;
            var report = new EpochReport(epoch + 1, lr, lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen), validAccuracy,
                seconds, seen / Math.Max(seconds, 1e-9));
            history.Add(report);
            log?.WriteLine(FormattableString.Invariant(
                $"epoch {epoch + 1}/{options.Epochs}: loss {report.TrainLoss:F4}, train acc {report.TrainAccuracy:P2}{(validAccuracy is { } v ? $", valid acc {v:P2}" : "")}, lr {lr:G4}, {seconds:F1} s, {report.ImagesPerSecond:F0} img/s"));
        }
        return new Nb201TrainingResult(TrainingStatus.Completed, null, history[^1].DevAccuracy, history, cost.Parameters, cost.MultiplyAdds, clock.Elapsed);
    }

    /// <summary>The share of <paramref name="data"/>'s images the network classifies right (evaluation mode, no augmentation).</summary>
    public static double Evaluate(Nb201Network network, ImageBatcher data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        network.eval();
        using var noGrad = torch.no_grad();
        var correct = 0L;
        foreach (var batch in data.Batches(EvaluationBatchSize, shuffle: null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var (images, labels) = data.Load(batch, augment: null);
            correct += network.call(images).argmax(1).eq(labels).sum().item<long>();
        }
        return data.Data.Count == 0 ? 0 : (double)correct / data.Data.Count;
    }
}
