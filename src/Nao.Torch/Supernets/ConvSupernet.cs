using System.Diagnostics;
using Nao.Data;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Torch;
using Nao.WeightSharing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// The weight-sharing supernet of the <c>enas</c> space (NAO-WS, DESIGN.md sections 1, 3 and 6): one network laid
/// out as the stand-alone <see cref="Networks.CellNetwork"/> (stem, N normal cells, reduction, N normal, reduction,
/// N normal, global pooling, linear classifier) whose branches hold the weights of every candidate op, per node,
/// branch side and input index (<see cref="SupernetCell"/>). A forward pass runs only the ops of one architecture,
/// so memory grows with the sampled architecture, not with the number of candidate ops (the official TensorFlow
/// supernet computed all of them and ran out of memory).
/// </summary>
/// <remarks>
/// <para>Training (<see cref="TrainEpoch"/>): one pass over the training images in mini-batches, each training one
/// architecture drawn uniformly from the pool with a <see cref="Random"/> seeded by the caller (it also shuffles
/// and draws the crop and flip). SGD with momentum 0.9, weight decay, gradient norm clipping, a cosine learning rate
/// over <see cref="ConvSupernetSettings.TotalEpochs"/>. Gradients are reset to none, not zero, so SGD leaves the
/// weights (and momentum) of ops the batch's architecture does not use untouched, weight decay included.</para>
/// <para>Batch norm: every batch norm is affine-free and normalizes with the batch's own statistics, in training and
/// in scoring alike (track_running_stats off), as in ENAS and NAO-WS: running statistics accumulated over many
/// sampled architectures would describe none of them. <see cref="Score"/> is therefore a pure function of the weights,
/// the architecture and the fixed dev batches.</para>
/// <para>Scoring: accuracy on the first <see cref="ConvSupernetSettings.DevBatches"/> batches of the dev split (held
/// out from the training images, no augmentation), under no_grad; the score is that accuracy in [0, 1].</para>
/// </remarks>
public sealed class ConvSupernet : ISupernet
{
    /// <summary>Momentum of SGD (ENAS, NAO-WS).</summary>
    public const double Momentum = 0.9;

    private readonly SupernetNetwork network;
    private readonly SGD optimizer;
    private readonly Parameter[] parameters;
    private readonly ImageBatcher train;
    private readonly (Tensor Images, Tensor Labels)[] devBatches;
    private readonly IReadOnlyList<CellOperation> operations;
    private readonly string fingerprint;
    private bool disposed;

    /// <summary>
    /// Builds the supernet on already-loaded data: the last <see cref="ConvSupernetSettings.DevSize"/> training
    /// images form the dev split, the first <see cref="ConvSupernetSettings.LimitTrain"/> of the rest the training
    /// images. Weights are initialized from <paramref name="seed"/>. <paramref name="statistics"/> normalizes the
    /// images; null takes the published statistics of <see cref="ConvSupernetSettings.Dataset"/> (an image folder's are computed on its training images).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range, or the data are too few for the dev split.</exception>
    public ConvSupernet(ConvSupernetSettings settings, ImageDatasetSplits data, int seed, (float[] Mean, float[] Std)? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        settings.Validate();
        Settings = settings;
        operations = settings.CandidateOperations();
        if (data.Dev is null && settings.DevSize >= data.Train.Count)
        {
            throw new ArgumentException(
                $"Supernet setting devSize = {settings.DevSize} leaves no training images: {data.Train.Source} has {data.Train.Count:N0}. Lower devSize.");
        }
        // An image folder's own dev folder or split takes the place of the last DevSize images.
        var (trainImages, devImages) = data.TrainAndDev(settings.DevSize);
        trainImages = trainImages.Take(settings.LimitTrain);
        if (trainImages.Count < settings.BatchSize)
        {
            throw new ArgumentException(
                $"The supernet has {trainImages.Count} training images, fewer than one batch of {settings.BatchSize}. Lower batchSize or give more images.");
        }
        var stats = statistics ?? ImageDatasets.Statistics(settings.Dataset, trainImages);
        train = new ImageBatcher(trainImages, new ImageAugmentationOptions { HorizontalFlip = ImageDatasets.Flips(settings.Dataset) }, stats);
        var dev = new ImageBatcher(devImages!, ImageAugmentationOptions.None, stats);

        network = new SupernetNetwork(operations, SearchSpaceRegistry.CellNodes, settings.Layers, settings.Filters,
            trainImages.Channels, trainImages.Classes, seed);
        parameters = [.. network.parameters()];
        optimizer = torch.optim.SGD(parameters, settings.LearningRate, Momentum, 0, settings.WeightDecay);
        // The dev batches are fixed: loaded once, kept for the supernet's lifetime, out of any caller's scope.
        devBatches = [.. dev.Batches(settings.BatchSize, shuffle: null).Take(settings.DevBatches).Select(batch =>
        {
            var (images, labels) = dev.Load(batch, augment: null);
            return (images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
        })];
        TrainImages = trainImages.Count;
        var shape = $"{trainImages.Channels}x{trainImages.Height}x{trainImages.Width}, {trainImages.Classes} classes";
        // Everything that shapes the weights or their training, not where the data lie; ops in canonical form, so
        // "sep3,skip" and "identity,sep3x3" are the same supernet.
        var canonical = settings with { Ops = string.Join(",", operations.Select(o => o.Name())) };
        fingerprint = $"{canonical.Fingerprint()}; {shape}; {TrainImages} training images";
        Name = $"enas supernet N={settings.Layers} F={settings.Filters} on {settings.Dataset} " +
               $"({string.Join(",", operations.Select(o => o.Name()))}; {TrainImages:N0} training images, {settings.DevBatches}x{settings.BatchSize} dev)";
    }

    /// <summary>The settings the supernet was built with.</summary>
    public ConvSupernetSettings Settings { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Supernet epochs completed over the whole search (saved with the state).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Images in the training split (after the dev split and <see cref="ConvSupernetSettings.LimitTrain"/>).</summary>
    public int TrainImages { get; }

    /// <summary>Number of shared weights (every candidate op of every slot).</summary>
    public long ParameterCount => parameters.Sum(p => p.numel());

    /// <summary>The shared network, for tests.</summary>
    internal SupernetNetwork Network => network;

    /// <summary>Reads the data set of the settings and builds the supernet (see the constructor).</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="FileNotFoundException">Data files are missing.</exception>
    /// <exception cref="InvalidDataException">Data files are truncated or corrupt.</exception>
    public static ConvSupernet Create(ConvSupernetSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return new ConvSupernet(settings, settings.LoadData(), seed);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based over the search): cosine, then the floor.</summary>
    public double LearningRateAt(int epoch)
    {
        var (max, min, total) = (Settings.LearningRate, Settings.MinLearningRate, Settings.TotalEpochs);
        return min + (max - min) * (1 + Math.Cos(Math.PI * Math.Min(epoch, total) / total)) / 2;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool is empty or holds an architecture this supernet cannot run.</exception>
    /// <exception cref="InvalidOperationException">The training loss became NaN or infinite.</exception>
    public SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Count == 0) throw new ArgumentException("The supernet was given an empty pool; pass at least one architecture to train.", nameof(pool));
        var architectures = pool.Select(Check).ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        // This epoch may run on another thread than the last unit of torch work: the process's thread count, and that
        // unit's arena still holds its peak.
        TorchRuntime.PrepareThisThread();
        var clock = Stopwatch.StartNew();
        var lr = LearningRateAt(CompletedEpochs);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        var random = new Random(seed);
        network.train();
        var (lossSum, correct, seen, batches) = (0.0, 0L, 0L, 0);
        foreach (var batch in train.Batches(Settings.BatchSize, random))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var genotype = architectures[random.Next(architectures.Length)];
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
    /// <remarks>Metrics: <c>ws_valid_accuracy</c> (the score), <c>ws_dev_batches</c>, <c>ws_dev_images</c>.</remarks>
    /// <exception cref="ArgumentException">The architecture is not one this supernet can run.</exception>
    public EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var architecture = Check(genotype);
        TorchRuntime.PrepareThisThread();
        // Evaluation mode changes nothing here (batch statistics everywhere, no dropout); it states the intent.
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
        return EvaluationResult.Ok(accuracy, new Dictionary<string, double>
        {
            ["ws_valid_accuracy"] = accuracy,
            ["ws_dev_batches"] = devBatches.Length,
            ["ws_dev_images"] = seen,
        });
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        SupernetFile.Write(path, fingerprint, CompletedEpochs, network, optimizer);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Call it outside any dispose scope: TorchSharp creates missing momentum buffers in the current scope, which
    /// would free them when the scope ends.
    /// </remarks>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public void Load(string path)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CompletedEpochs = SupernetFile.Read(path, fingerprint, network, optimizer);
    }

    /// <summary>Checks that the supernet can run an architecture; the message says why not.</summary>
    /// <exception cref="ArgumentException">Not a convolutional genotype, another node count, or an op outside the candidates.</exception>
    public ConvGenotype Check(Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype is not ConvGenotype conv)
        {
            throw new ArgumentException($"The enas supernet runs convolutional cell architectures, not '{genotype.Canonical}'.", nameof(genotype));
        }
        if (conv.Normal.Nodes.Length != SearchSpaceRegistry.CellNodes)
        {
            throw new ArgumentException(
                $"Architecture '{conv.Canonical}' has {conv.Normal.Nodes.Length} nodes per cell; the enas supernet has {SearchSpaceRegistry.CellNodes}.", nameof(genotype));
        }
        var outside = conv.Cells.SelectMany(c => c.Operations).Distinct().Where(o => !operations.Contains(o)).ToList();
        if (outside.Count > 0)
        {
            throw new ArgumentException(
                $"Architecture '{conv.Canonical}' uses {string.Join(", ", outside.Select(o => o.Name()))}, which this supernet has no weights for " +
                $"(its ops: {string.Join(", ", operations.Select(o => o.Name()))}). Leave the supernet setting ops out for all enas ops, or keep such architectures out of the pool.",
                nameof(genotype));
        }
        return conv;
    }

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
