using System.Diagnostics;
using Nao.Benchmarks;
using Nao.Data;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Torch;
using Nao.WeightSharing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets.Nb201;

/// <summary>
/// The weight-sharing supernet of the <c>nb201</c> space (issue 16, part 3): NAS-Bench-201's network
/// (<see cref="Nb201SupernetNetwork"/>) whose six edges per cell hold all five ops, of which each mini-batch runs and
/// trains only those of one sampled architecture. Training, scoring, batch norm and saving follow
/// <see cref="ConvSupernet"/>: SGD with momentum 0.9, weight decay, gradient clipping, a cosine learning rate over
/// <see cref="Nb201SupernetSettings.TotalEpochs"/>, gradients reset to none so unused ops' weights stay untouched;
/// affine-free batch norms on the batch's own statistics; accuracy on fixed dev batches as the score.
/// </summary>
/// <remarks>
/// Every scoring also records the architecture's NAS-Bench-201 table accuracy (<see cref="GroundTruth.Metric"/>) as
/// ground truth, so a report can say how well the shared weights rank; it never enters the score.
/// </remarks>
public sealed class Nb201Supernet : ISupernet
{
    private const int SpaceOps = 5;

    private readonly Nb201SupernetNetwork network;
    private readonly SGD optimizer;
    private readonly Parameter[] parameters;
    private readonly ImageBatcher train;
    private readonly (Tensor Images, Tensor Labels)[] devBatches;
    private readonly TabularBenchmark? table;
    private readonly string fingerprint;
    private bool disposed;

    /// <summary>
    /// Builds the supernet on already-loaded data: the last <see cref="Nb201SupernetSettings.DevSize"/> training images
    /// form the dev split, the first <see cref="Nb201SupernetSettings.LimitTrain"/> of the rest the training images.
    /// </summary>
    /// <param name="settings">Sizes, data and training settings.</param>
    /// <param name="data">The image data.</param>
    /// <param name="seed">Initializes the weights.</param>
    /// <param name="table">The ground truth looked up for each scored architecture; null for none. Default: the embedded NAS-Bench-201 table.</param>
    /// <exception cref="ArgumentException">A setting is out of range, or the data are too few.</exception>
    public Nb201Supernet(Nb201SupernetSettings settings, ImageDatasetSplits data, int seed, TabularBenchmark? table)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        settings.Validate();
        Settings = settings;
        this.table = table;
        if (data.Dev is null && settings.DevSize >= data.Train.Count)
        {
            throw new ArgumentException($"Supernet setting devSize = {settings.DevSize} leaves no training images: {data.Train.Source} has {data.Train.Count:N0}. Lower devSize.");
        }
        var (trainImages, devImages) = data.TrainAndDev(settings.DevSize);
        trainImages = trainImages.Take(settings.LimitTrain);
        if (trainImages.Count < settings.BatchSize)
        {
            throw new ArgumentException($"The supernet has {trainImages.Count} training images, fewer than one batch of {settings.BatchSize}. Lower batchSize or give more images.");
        }
        var stats = ImageDatasets.Statistics(settings.Dataset, trainImages);
        train = new ImageBatcher(trainImages, new ImageAugmentationOptions { HorizontalFlip = ImageDatasets.Flips(settings.Dataset) }, stats);
        var dev = new ImageBatcher(devImages!, ImageAugmentationOptions.None, stats);
        network = new Nb201SupernetNetwork(settings.Cells, settings.Channels, trainImages.Channels, trainImages.Classes, seed);
        parameters = [.. network.parameters()];
        optimizer = torch.optim.SGD(parameters, settings.LearningRate, ConvSupernet.Momentum, 0, settings.WeightDecay);
        devBatches = [.. dev.Batches(settings.BatchSize, shuffle: null).Take(settings.DevBatches).Select(batch =>
        {
            var (images, labels) = dev.Load(batch, augment: null);
            return (images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
        })];
        TrainImages = trainImages.Count;
        var shape = $"{trainImages.Channels}x{trainImages.Height}x{trainImages.Width}, {trainImages.Classes} classes";
        fingerprint = $"{settings.Fingerprint()}; {shape}; {TrainImages} training images";
        Name = $"nb201 supernet N={settings.Cells} C={settings.Channels} on {settings.Dataset} ({TrainImages:N0} training images, {settings.DevBatches}x{settings.BatchSize} dev)";
    }

    /// <summary>The settings the supernet was built with.</summary>
    public Nb201SupernetSettings Settings { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Supernet epochs completed over the whole search (saved with the state).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Images in the training split.</summary>
    public int TrainImages { get; }

    /// <summary>Number of shared weights.</summary>
    public long ParameterCount => parameters.Sum(p => p.numel());

    /// <summary>The shared network, for tests.</summary>
    internal Nb201SupernetNetwork Network => network;

    /// <summary>Reads the data set of the settings and builds the supernet with the embedded NAS-Bench-201 table as ground truth.</summary>
    public static Nb201Supernet Create(Nb201SupernetSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return new Nb201Supernet(settings, settings.LoadData(), seed, TabularBenchmark.Nb201);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based over the search): cosine, then the floor.</summary>
    public double LearningRateAt(int epoch)
    {
        var (max, min, total) = (Settings.LearningRate, Settings.MinLearningRate, Settings.TotalEpochs);
        return min + (max - min) * (1 + Math.Cos(Math.PI * Math.Min(epoch, total) / total)) / 2;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool is empty or holds a genotype of another space.</exception>
    /// <exception cref="InvalidOperationException">The training loss became NaN or infinite.</exception>
    public SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Count == 0) throw new ArgumentException("The supernet was given an empty pool; pass at least one architecture to train.", nameof(pool));
        var architectures = pool.Select(Check).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        TorchRuntime.PrepareThisThread();
        var clock = Stopwatch.StartNew();
        var lr = LearningRateAt(CompletedEpochs);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        var random = new Random(seed);
        var warmup = CompletedEpochs < Settings.WarmupEpochs;
        network.train();
        var (lossSum, correct, seen, batches) = (0.0, 0L, 0L, 0);
        foreach (var batch in train.Batches(Settings.BatchSize, random))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var genotype = warmup || (Settings.SpaceFraction > 0 && random.NextDouble() < Settings.SpaceFraction)
                ? SampleSpace(random)
                : architectures[random.Next(architectures.Length)];
            using var scope = torch.NewDisposeScope();
            var (images, labels) = train.Load(batch, random);
            var logits = network.Forward(images, genotype);
            var loss = nn.functional.cross_entropy(logits, labels);
            var lossValue = loss.item<float>();
            if (!float.IsFinite(lossValue))
            {
                throw new InvalidOperationException(
                    $"The supernet's training loss became {(float.IsNaN(lossValue) ? "NaN" : "infinite")} at epoch {CompletedEpochs + 1}, batch {batches + 1} " +
                    $"({genotype.Canonical}). Lower the supernet setting learningRate (now {lr:G4}).");
            }
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, Settings.GradientClip);
            optimizer.step();
            // None, not zero: SGD skips weights without a gradient, so the next batch's architecture moves only its own.
            network.zero_grad(set_to_none: true);
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            lossSum += lossValue * batch.Length;
            seen += batch.Length;
            batches++;
        }
        CompletedEpochs++;
        return new SupernetEpochReport(CompletedEpochs, lossSum / Math.Max(1, seen), (double)correct / Math.Max(1, seen), batches, clock.Elapsed);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Metrics: <c>ws_valid_accuracy</c> (the score), <c>ws_dev_batches</c>, <c>ws_dev_images</c>, and the table's
    /// accuracy as <see cref="GroundTruth.Metric"/> when the table has the architecture.
    /// </remarks>
    public EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var architecture = Check(genotype);
        TorchRuntime.PrepareThisThread();
        network.eval();
        using var noGrad = torch.no_grad();
        var (correct, seen) = (0L, 0L);
        foreach (var (images, labels) in devBatches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            correct += network.Forward(images, architecture).argmax(1).eq(labels).sum().item<long>();
            seen += labels.shape[0];
        }
        var accuracy = (double)correct / seen;
        var metrics = new Dictionary<string, double>
        {
            ["ws_valid_accuracy"] = accuracy,
            ["ws_dev_batches"] = devBatches.Length,
            ["ws_dev_images"] = seen,
        };
        if (table?.Lookup(architecture, TabularBenchmark.DefaultMetric) is { } truth) metrics[GroundTruth.Metric] = truth;
        return EvaluationResult.Ok(accuracy, metrics);
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        SupernetFile.Write(path, fingerprint, CompletedEpochs, network, optimizer);
    }

    /// <inheritdoc />
    public void Load(string path)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CompletedEpochs = SupernetFile.Read(path, fingerprint, network, optimizer);
    }

    /// <summary>Checks that the genotype is a NAS-Bench-201 cell.</summary>
    /// <exception cref="ArgumentException">Another space's genotype.</exception>
    public static Nb201Genotype Check(Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        return genotype as Nb201Genotype
            ?? throw new ArgumentException($"The nb201 supernet runs NAS-Bench-201 cells, not '{genotype.Canonical}'.", nameof(genotype));
    }

    /// <summary>A uniformly random architecture of the whole space (each edge's op drawn independently).</summary>
    private static Nb201Genotype SampleSpace(Random random) =>
        new(Enumerable.Range(0, Nb201Genotype.EdgeCount).Select(_ => (Nb201Operation)random.Next(SpaceOps)));

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var (images, labels) in devBatches)
        {
            images.Dispose();
            labels.Dispose();
        }
        optimizer.Dispose();
        network.Dispose();
    }
}
