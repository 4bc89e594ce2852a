using System.Diagnostics;
using System.Globalization;
using Nao.Data.Text;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.Networks.Recurrent;
using Nao.SearchSpaces;
using Nao.Torch;
using Nao.Training.Recurrent;
using Nao.WeightSharing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// The weight-sharing supernet of the <c>enas-rnn</c> space (NAO-WS, DESIGN.md sections 1, 3 and 6): the language model
/// of the stand-alone children (<see cref="RecurrentLanguageModel"/>: embedding with embedding dropout, locked
/// dropouts, tied softmax) around a <see cref="RecurrentSupernetCell"/>, trained with the children's training step
/// (<see cref="LanguageModelTrainer"/>: SGD with lr·len/bptt over random BPTT windows, clipping, weight decay, AR/TAR).
/// Each window trains one architecture drawn uniformly from the pool; the hidden state carries across windows,
/// detached, as in ENAS. <see cref="Score"/> is −ln(perplexity) on the first <see cref="RecurrentSupernetSettings.DevBatches"/>
/// fixed segments of the validation stream, with dropout off: the scale of <see cref="RecurrentTrainingEvaluator"/>.
/// </summary>
public sealed class RecurrentSupernet : ISupernet
{
    private readonly RecurrentSupernetSettings _settings;
    private readonly TextCorpus _corpus;
    private readonly RecurrentLanguageModel _model;
    private readonly RecurrentSupernetCell _cell;
    private readonly LanguageModelTrainer _trainer;
    private readonly SGD _optimizer;
    private readonly (string Name, Parameter Parameter)[] _parameters;
    private readonly Tensor _train;
    private readonly Tensor _dev;
    private readonly string _fingerprint;

    /// <summary>
    /// Builds the supernet on an already loaded corpus; the initial weights are drawn from a generator seeded with
    /// <paramref name="seed"/>. The corpus must be the one <paramref name="settings"/> name (its files are not re-read).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="InvalidDataException">The corpus has too few training tokens for the batch size, or too few validation tokens for the dev batches.</exception>
    public RecurrentSupernet(RecurrentSupernetSettings settings, TextCorpus corpus, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(corpus);
        settings.Validate();
        _settings = settings;
        _corpus = corpus;
        _trainer = new LanguageModelTrainer(settings.TrainerOptions());
        var usable = settings.LimitTokens is { } limit ? Math.Min(limit, corpus.Train.Count) : corpus.Train.Count;
        if (usable / settings.BatchSize < 3)
        {
            throw new InvalidDataException(Invariant(
                $"Supernet setting batchSize {settings.BatchSize} needs at least {3 * settings.BatchSize} training tokens, but '{corpus.TrainPath}' gives {usable:N0}. Lower batchSize or raise limitTokens."));
        }
        var devRows = (long)settings.DevBatches * settings.Bptt + 1;
        var validRows = corpus.Valid.Count / settings.DevBatchSize;
        if (validRows < devRows)
        {
            throw new InvalidDataException(Invariant(
                $"Supernet settings devBatches {settings.DevBatches} × bptt {settings.Bptt} need {devRows * settings.DevBatchSize:N0} validation tokens at devBatchSize {settings.DevBatchSize}, but '{corpus.ValidPath}' has {corpus.Valid.Count:N0}. Lower devBatches or devBatchSize."));
        }
        _train = TokenBatches.Batchify(corpus.Train, settings.BatchSize, settings.LimitTokens);
        using (var valid = TokenBatches.Batchify(corpus.Valid, settings.DevBatchSize))
        {
            _dev = valid.narrow(0, 0, devRows).clone();
        }
        var options = settings.ModelOptions(corpus.Vocabulary.Count);
        RecurrentSupernetCell? cell = null;
        _model = new RecurrentLanguageModel(options, seed, generator => cell = new RecurrentSupernetCell(SearchSpaceRegistry.RecurrentSearchedNodes,
            options.Hidden, options.Hidden, options.CellInputDropout, options.HiddenDropout, options.InitRange, generator));
        _cell = cell!;
        _parameters = _model.named_parameters().ToArray();
        _optimizer = torch.optim.SGD(_model.parameters(), settings.LearningRate, weight_decay: settings.WeightDecay);
        _fingerprint = Invariant($"{settings.Fingerprint()} vocabulary={corpus.Vocabulary.Count}");
    }

    /// <summary>Reads the corpus that <paramref name="settings"/> name and builds the supernet (initial weights from <paramref name="seed"/>).</summary>
    /// <exception cref="ArgumentException">A setting is out of range, or no data path is given and NAO_DATA is not set.</exception>
    /// <exception cref="DirectoryNotFoundException">The corpus folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A corpus file is missing.</exception>
    /// <exception cref="InvalidDataException">A corpus file is empty or holds too few tokens for the batch sizes.</exception>
    public static RecurrentSupernet Create(RecurrentSupernetSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var corpus = TextCorpus.Load(settings.Corpus(), settings.ResolveDataPath());
        return new RecurrentSupernet(settings, corpus, seed);
    }

    /// <inheritdoc />
    public string Name => Invariant(
        $"enas-rnn supernet hidden {_settings.Hidden} on {Path.GetFileName(_corpus.TrainPath)}, {_settings.DevBatches} dev batch(es) of {_settings.Bptt}×{_settings.DevBatchSize}, score = -ln(ws valid ppl)");

    /// <summary>The settings the supernet was built with.</summary>
    public RecurrentSupernetSettings Settings => _settings;

    /// <summary>Training epochs finished over the whole search (saved with the state).</summary>
    public int Epoch { get; private set; }

    /// <summary>The shared cell.</summary>
    public RecurrentSupernetCell Cell => _cell;

    /// <summary>The number of trainable values (every shared matrix, the tied embedding once).</summary>
    public long ParameterCount => _model.ParameterCount;

    /// <summary>The shared language model (for tests).</summary>
    internal RecurrentLanguageModel Model => _model;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The pool is empty or holds an architecture that is not of the enas-rnn space.</exception>
    /// <exception cref="InvalidOperationException">The training loss became NaN or infinite.</exception>
    public SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Count == 0) throw new ArgumentException("The pool is empty: give at least one architecture to train the supernet with.", nameof(pool));
        var architectures = pool.Select(Recurrent).ToArray();
        // This epoch may run on another thread than the last unit of torch work: the process's thread count, and that
        // unit's arena still holds its peak.
        TorchRuntime.PrepareThisThread();
        var clock = Stopwatch.StartNew();
        // Window lengths and architectures come from one generator of the seed, dropout masks from the model's, reseeded.
        var random = new Random(seed);
        _model.ReseedDropout(unchecked((long)seed * 1_000_003 + 7));
        var sampler = new BpttLengthSampler(_settings.Bptt, _settings.MaxBpttDelta);
        _model.train();
        var rows = _train.shape[0];
        var batch = _train.shape[1];
        var group = _optimizer.ParamGroups.First();
        var hidden = _model.InitialHidden(batch);
        double lossSum = 0;
        long tokens = 0;
        var windows = 0;
        try
        {
            for (long row = 0; row < rows - 2; windows++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = sampler.Next(random);
                _cell.Use(architectures[random.Next(architectures.Length)]);
                var (inputs, targets) = TokenBatches.Window(_train, row, length);
                var used = inputs.shape[0];
                group.LearningRate = _settings.LearningRate * used / _settings.Bptt;
                ClearGradients();
                var step = _trainer.Step(_model, _optimizer, _parameters, inputs, targets, hidden, null);
                inputs.Dispose();
                targets.Dispose();
                hidden.Dispose();
                hidden = step.Hidden;
                if (!double.IsFinite(step.Loss))
                {
                    throw new InvalidOperationException(Invariant(
                        $"The supernet diverged in epoch {Epoch + 1} at token {tokens:N0} ({_cell.Genotype.Canonical}): the loss is {step.Loss}. Lower the supernet setting learningRate (now {_settings.LearningRate}) or clip (now {_settings.Clip})."));
                }
                lossSum += step.Loss * used * batch;
                tokens += used * batch;
                row += used;
            }
        }
        finally
        {
            group.LearningRate = _settings.LearningRate;
            hidden.Dispose();
        }
        Epoch++;
        var loss = lossSum / tokens;
        return new SupernetEpochReport(Epoch, loss, Math.Exp(loss), windows, clock.Elapsed);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The genotype is not of the enas-rnn space.</exception>
    public EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken)
    {
        _cell.Use(Recurrent(genotype));
        TorchRuntime.PrepareThisThread();
        // Zero initial state, fixed windows, eval mode and no_grad: a pure function of the weights and the genotype.
        var loss = LanguageModelEvaluation.Loss(_model, _dev, _settings.Bptt, cancellationToken);
        var perplexity = Math.Exp(loss);
        var metrics = new Dictionary<string, double>
        {
            ["ws_valid_loss"] = loss,
            ["ws_valid_perplexity"] = perplexity,
            ["ws_dev_batches"] = _settings.DevBatches,
        };
        if (!double.IsFinite(perplexity))
        {
            return EvaluationResult.Failed(Invariant($"The shared-weight validation loss of {genotype.Canonical} is {loss}: the supernet has diverged."), metrics);
        }
        return EvaluationResult.Ok(RecurrentTrainingEvaluator.ScoreOf(perplexity), metrics);
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RecurrentSupernetFile.Write(path, _fingerprint, Epoch, writer =>
        {
            _model.save(writer);
            _optimizer.save_state_dict(writer);
        });
    }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public void Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Epoch = RecurrentSupernetFile.Read(path, _fingerprint, reader =>
        {
            _model.load(reader, strict: true);
            _optimizer.load_state_dict(reader);
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _train.Dispose();
        _dev.Dispose();
    }

    // Unsampled matrices keep no gradient tensor: the optimizer then skips them (no weight decay on weights the step
    // did not use, as PyTorch's zero_grad(set_to_none) gives ENAS) and clipping does not visit them.
    private void ClearGradients()
    {
        foreach (var (_, parameter) in _parameters)
        {
            using var grad = parameter.grad;
            if (grad is not null) parameter.grad = null;
        }
    }

    private RecurrentGenotype Recurrent(Genotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype is not RecurrentGenotype recurrent || recurrent.Nodes.Length != _cell.SearchedNodes)
        {
            throw new ArgumentException(
                $"The recurrent supernet runs cells of the enas-rnn space ({_cell.SearchedNodes} searched nodes), but got a {genotype.GetType().Name} ({genotype.Canonical}).",
                nameof(genotype));
        }
        return recurrent;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
