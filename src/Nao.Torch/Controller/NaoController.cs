using System.Diagnostics;
using Nao.Genotypes;
using Nao.Metrics;
using Nao.Predictors;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Tokenization;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// The NAO controller (DESIGN.md sections 1, 2 and 4) for any search space: an encoder, a performance predictor and a
/// decoder trained together with <c>λ·MSE + (1-λ)·CE</c>, and the continuous-space step of Eq. 2 that proposes new
/// architectures from seeds. Each fit maps its pool's scores to [0, 1] (min-max by default, or by rank, see
/// <see cref="ControllerOptions.Normalization"/>); predictions are in that scale.
/// </summary>
public sealed partial class NaoController : ICostAwareOptimizer
{
    /// <summary>Architectures per forward pass at inference (prediction, reconstruction, proposals).</summary>
    private const int InferenceBatch = 500;

    private readonly ITokenizer _tokenizer;
    private ControllerNetwork? _network;
    private double _scoreMin;
    private double _scoreMax;
    private CostHeads? _costHeads;
    private double[] _logCostMin = [];
    private double[] _logCostMax = [];
    // The current Propose call's Tchebycheff weights per seed (null: accuracy alone).
    private double[][]? _stepWeights;

    /// <summary>Creates an untrained controller; <paramref name="options"/> default to <see cref="ControllerOptions.For"/> of the space.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="TorchLoadException">TorchSharp's native library does not load; the message says why.</exception>
    public NaoController(ISearchSpace space, ControllerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        Space = space;
        _tokenizer = space.Tokenizer;
        Options = options ?? ControllerOptions.For(space);
        Options.Validate();
        // Idempotent; here so that a library user who never called it gets the allocator settings and a clear load error.
        TorchRuntime.Initialize();
    }

    /// <summary>The search space whose architectures this controller reads and writes.</summary>
    public ISearchSpace Space { get; }

    /// <summary>The settings; <see cref="Load"/> replaces them with the saved ones.</summary>
    public ControllerOptions Options { get; private set; }

    /// <inheritdoc />
    public CostGuidance? Guidance { get; set; }

    /// <summary>Whether the controller has weights (after a fit or a load).</summary>
    public bool IsTrained => _network is not null;

    /// <summary>The raw score range of the last fit's pool, which maps to [0, 1]; null before the first fit.</summary>
    public (double Min, double Max)? ScoreRange => _network is null ? null : (_scoreMin, _scoreMax);

    /// <summary>
    /// Trains on <paramref name="data"/> for <see cref="ControllerOptions.Epochs"/> epochs with Adam (fresh state each
    /// fit), global-norm clipping and weight decay. Seeds torch and the shuffling/augmentation <see cref="Random"/> from
    /// <paramref name="seed"/>, so the same data, seed and starting weights give bit-identical weights at a fixed thread
    /// count. Starts from fresh weights unless <see cref="ControllerOptions.WarmStart"/> and the controller is trained.
    /// </summary>
    /// <exception cref="ArgumentException">No data, or a score that is not a finite number.</exception>
    /// <exception cref="ArchitectureFormatException">An architecture is not of this space.</exception>
    public OptimizerFitReport Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("The controller needs at least one evaluated architecture to fit.", nameof(data));
        var sequences = new int[data.Count][];
        for (var i = 0; i < data.Count; i++)
        {
            if (!double.IsFinite(data[i].Score))
            {
                throw new ArgumentException($"Architecture {data[i].Genotype} has score {data[i].Score}; scores must be finite numbers.", nameof(data));
            }
            sequences[i] = _tokenizer.Tokenize(data[i].Genotype);
        }
        var min = data.Min(d => d.Score);
        var max = data.Max(d => d.Score);
        var targets = Normalize(data.Select(d => d.Score).ToArray(), min, max);
        var guidance = Guidance;
        var costTargets = guidance is null ? null : CostTargets(data, guidance);

        var watch = Stopwatch.StartNew();
        // The search fits on whichever thread it runs on: give it the process's thread count, and release what the last
        // unit of torch work left in its arena.
        TorchRuntime.PrepareThisThread();
        torch.manual_seed(seed);
        var random = new Random(seed);
        if (_network is null || !Options.WarmStart)
        {
            _network?.Dispose();
            _network = new ControllerNetwork(_tokenizer, Options);
            if (Options.PretrainArchitectures > 0) Pretrain(_network, seed, cancellationToken);
        }
        (_scoreMin, _scoreMax) = (min, max);
        var network = _network;
        network.train();
        // Fresh heads each fit, created after the network so that a search without costs draws the same weights as before.
        _costHeads?.Dispose();
        _costHeads = guidance is null ? null : new CostHeads(Options.HiddenSize, guidance.Metrics.Count);
        _costHeads?.train();
        var parameters = network.parameters().Concat(_costHeads?.parameters() ?? []).ToArray();
        // AdamSteps rather than optim.Adam, and explicit scalars below: a Scalar that TorchSharp makes implicitly is
        // only referenced by its native handle during the call, so the collector may finalize it then (a constrained
        // search crashed in add with "Expected false to be true" from Scalar::toFloat; see AdamSteps).
        using var optimizer = new AdamSteps(parameters, Options.LearningRate, Options.WeightDecay);
        using var tradeOff = Options.TradeOff.ToScalar();
        using var rest = (1 - Options.TradeOff).ToScalar();
        var order = Enumerable.Range(0, data.Count).ToArray();
        var last = new EpochLosses();
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var losses = new EpochLosses();
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start));
                var (tokens, inputs, scores) = TrainingBatch(sequences, targets, batch, random);
                optimizer.ZeroGrad();
                Tensor predicted, logits;
                Tensor? embedding = null;
                if (_costHeads is null) (predicted, logits) = network.call(tokens, inputs);
                else (predicted, logits, embedding) = network.ForwardWithEmbedding(tokens, inputs);
                var mse = nn.functional.mse_loss(predicted, scores);
                var crossEntropy = nn.functional.cross_entropy(logits.reshape(-1, _tokenizer.VocabularySize), tokens.reshape(-1));
                var loss = mse.mul(tradeOff).add(crossEntropy.mul(rest), HeldScalars.One);
                if (_costHeads is not null)
                {
                    // The cost heads share the encoder and weigh like the accuracy predictor (λ).
                    loss = loss.add(nn.functional.mse_loss(_costHeads.call(embedding!), CostBatch(costTargets!, batch)).mul(tradeOff), HeldScalars.One);
                }
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, Options.GradientClip);
                optimizer.Step();
                losses.Add(batch.Length, loss.item<float>(), mse.item<float>(), crossEntropy.item<float>());
            }
            last = losses;
        }
        network.eval();
        _costHeads?.eval();
        return new OptimizerFitReport(Options.Epochs, last.Mean(l => l.Loss), last.Mean(l => l.Mse), last.Mean(l => l.CrossEntropy), watch.Elapsed);
    }

    /// <summary>
    /// SemiNAS-style autoencoder pre-training of fresh weights: <see cref="ControllerOptions.PretrainArchitectures"/>
    /// random architectures of the space, which need no scores, reconstructed by encoder and decoder (cross-entropy alone,
    /// so the predictor is untouched) for <see cref="ControllerOptions.PretrainEpochs"/> epochs with a fresh Adam. The
    /// architectures and batch order come from <paramref name="seed"/>, so a fit stays deterministic.
    /// </summary>
    private void Pretrain(ControllerNetwork network, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked(seed * 31 + 17));
        var sequences = new int[Options.PretrainArchitectures][];
        for (var i = 0; i < sequences.Length; i++) sequences[i] = _tokenizer.Tokenize(Space.Sample(random));
        var targets = new float[sequences.Length];
        network.train();
        var parameters = network.parameters().ToArray();
        // AdamSteps, as in Fit: torch's Adam makes scalars implicitly, which the collector may finalize mid-call.
        using var optimizer = new AdamSteps(parameters, Options.LearningRate, Options.WeightDecay);
        var order = Enumerable.Range(0, sequences.Length).ToArray();
        for (var epoch = 0; epoch < Options.PretrainEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start));
                var (tokens, inputs, _) = TrainingBatch(sequences, targets, batch, random);
                optimizer.ZeroGrad();
                var (_, logits) = network.call(tokens, inputs);
                var loss = nn.functional.cross_entropy(logits.reshape(-1, _tokenizer.VocabularySize), tokens.reshape(-1));
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, Options.GradientClip);
                optimizer.Step();
            }
        }
    }

    /// <summary>f(E(x)) for each architecture, in the normalized [0, 1] scale of the last fit.</summary>
    /// <exception cref="InvalidOperationException">The controller is not trained.</exception>
    /// <exception cref="ArchitectureFormatException">An architecture is not of this space.</exception>
    public IReadOnlyList<double> Predict(IReadOnlyList<Genotype> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var network = RequireTrained();
        TorchRuntime.PrepareThisThread();
        var result = new double[architectures.Count];
        using var noGrad = no_grad();
        for (var start = 0; start < architectures.Count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(InferenceBatch, architectures.Count - start);
            var predicted = network.Predict(TokenTensor(architectures, start, count)).data<float>().ToArray();
            for (var i = 0; i < count; i++) result[start + i] = predicted[i];
        }
        return result;
    }

    /// <summary>D(E(x)) for each architecture: the greedily decoded token sequence (always valid under the mask).</summary>
    /// <exception cref="InvalidOperationException">The controller is not trained.</exception>
    /// <exception cref="ArchitectureFormatException">An architecture is not of this space.</exception>
    public IReadOnlyList<int[]> Reconstruct(IReadOnlyList<Genotype> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var network = RequireTrained();
        TorchRuntime.PrepareThisThread();
        var result = new List<int[]>(architectures.Count);
        using var noGrad = no_grad();
        for (var start = 0; start < architectures.Count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(InferenceBatch, architectures.Count - start);
            result.AddRange(Rows(network.Reconstruct(TokenTensor(architectures, start, count))));
        }
        return result;
    }

    /// <summary>
    /// Eq. 2 from each seed: h'_t = h_t + η·∂f/∂h_t for every normalized per-step encoder output, re-normalized; their
    /// mean, normalized, is the new embedding, decoded greedily with h'_1..h'_T as attention memory. η runs through
    /// <see cref="ControllerOptions.StepSizes"/> while the result is invalid, the seed itself, known, or already
    /// proposed in this call, and, with <see cref="ControllerOptions.PreferImprovement"/>, while it is predicted no
    /// better than the seed. A seed whose path decodes nothing predicted better then walks, with
    /// <see cref="ControllerOptions.PositionSteps"/>, the η path once per token position with only that position's
    /// output moved, and after that, with <see cref="ControllerOptions.SecondStep"/>, takes a second Eq. 2 step from
    /// up to <see cref="ControllerOptions.SecondStepStarts"/> of the new architectures its first path decoded, the
    /// best-predicted first (always measured against the seed). A seed that finds nothing better falls back to the first
    /// new architecture it decoded. The predicted score after is f(E(x')) of the decoded architecture.
    /// Deterministic: no randomness, seeds are served in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The controller is not trained.</exception>
    /// <exception cref="ArchitectureFormatException">A seed is not of this space.</exception>
    public IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, Func<Genotype, bool> isKnown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(isKnown);
        var network = RequireTrained();
        TorchRuntime.PrepareThisThread();
        var search = new ProposalSearch(seeds, ObjectiveValues(network, seeds, [.. Enumerable.Range(0, seeds.Count)]), isKnown);
        Walk(network, search, [.. seeds.Select((seed, i) => new PathStart(seed, i, Steps: 1, Position: null))], cancellationToken);
        if (Options.PreferImprovement && Options.PositionSteps)
        {
            // Still one step from the seed, along the gradient's component at one position: near neighbours that the
            // whole-sequence direction passes by.
            Walk(network, search, [.. search.Unimproved.SelectMany(i =>
                Enumerable.Range(0, _tokenizer.Length).Select(t => new PathStart(seeds[i], i, Steps: 1, Position: t)))], cancellationToken);
        }
        if (Options.PreferImprovement && Options.SecondStep)
        {
            // The path's first new architecture (the nearest to the seed), then the others best-predicted first.
            Walk(network, search, [.. search.Unimproved.SelectMany(i => search.FirstPath[i].Take(1)
                .Concat(search.FirstPath[i].Skip(1).OrderByDescending(c => c.Predicted))
                .Take(Options.SecondStepStarts)
                .Select(c => new PathStart(c.Genotype, i, Steps: 2, Position: null)))], cancellationToken);
        }
        // Seeds that found no better-predicted architecture take their first new one, if no other seed has claimed it since.
        for (var i = 0; i < seeds.Count; i++)
        {
            if (search.Found[i] is null && search.Fallback[i] is { } first && search.Proposed.Add(first.Genotype)) search.Found[i] = first;
        }
        var indices = Enumerable.Range(0, seeds.Count).Where(i => search.Found[i] is not null).ToArray();
        var after = ObjectiveValues(network, [.. indices.Select(i => search.Found[i]!.Value.Genotype)], indices);
        return [.. indices.Select((i, k) =>
        {
            var found = search.Found[i]!.Value;
            return new OptimizedArchitecture(found.Genotype, seeds[i], found.StepSize, search.Before[i], after[k], found.Steps, found.Position);
        })];
    }

    /// <summary>
    /// The η path of Eq. 2 from each start (moving every position's output, or only <see cref="PathStart.Position"/>'s),
    /// for its seed <see cref="PathStart.Owner"/>: records in <paramref name="search"/> the first new architecture
    /// predicted better than that seed, and the first new one of any prediction. Paths are served in order at each η,
    /// and a path stops once its seed has found a better architecture.
    /// </summary>
    private void Walk(ControllerNetwork network, ProposalSearch search, IReadOnlyList<PathStart> paths, CancellationToken cancellationToken)
    {
        var stepSizes = Options.StepSizes();
        for (var start = 0; start < paths.Count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var batch = paths.Skip(start).Take(InferenceBatch).ToArray();
            var (outputs, gradient) = ScoreGradient(network, TokenTensor([.. batch.Select(p => p.Start)], 0, batch.Length), [.. batch.Select(p => p.Owner)]);
            using var noGrad = no_grad();
            if (batch.Any(p => p.Position is not null)) gradient = gradient.mul(PositionMask(batch));
            var pending = Enumerable.Range(0, batch.Length).ToList();
            for (var step = 0; step < stepSizes.Count && pending.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pending.RemoveAll(k => search.Found[batch[k].Owner] is not null);
                if (pending.Count == 0) break;
                using var stepScope = NewDisposeScope();
                var stepSize = stepSizes[step];
                var rows = tensor(pending.Select(i => (long)i).ToArray());
                // An explicit Scalar, alive until the end of the step (an implicit conversion's temporary is collectable
                // while the native call still reads it).
                using var alpha = stepSize.ToScalar();
                var moved = nn.functional.normalize(outputs.index_select(0, rows).add(gradient.index_select(0, rows), alpha), dim: 2);
                var candidates = Rows(network.Decoder.Decode(ControllerEncoder.Pool(moved), moved)).Select(_tokenizer.TryDetokenize).ToArray();
                // f(E(x')) of the canonical sequence, the same value the result reports (the decoder may emit a cell's
                // branches in the other order, which the order-sensitive encoder would score slightly differently).
                var predicted = Options.PreferImprovement ? PredictCandidates(network, candidates, [.. pending.Select(k => batch[k].Owner)]) : null;
                for (var k = 0; k < pending.Count; k++)
                {
                    var path = batch[pending[k]];
                    var owner = path.Owner;
                    // An earlier path of the same seed may have succeeded at this η already.
                    if (search.Found[owner] is not null) continue;
                    var candidate = candidates[k];
                    var isNew = candidate is not null && candidate != search.Seeds[owner] && candidate != path.Start
                        && !search.IsKnown(candidate) && !search.Proposed.Contains(candidate);
                    if (!isNew) continue;
                    var decoded = new ProposalStep(candidate!, stepSize, path.Steps, path.Position);
                    if (predicted is null || predicted[k] > search.Before[owner])
                    {
                        search.Proposed.Add(candidate!);
                        search.Found[owner] = decoded;
                        continue;
                    }
                    search.Fallback[owner] ??= decoded;
                    if (path is { Steps: 1, Position: null } && !search.FirstPath[owner].Any(c => c.Genotype == candidate))
                    {
                        search.FirstPath[owner].Add((candidate!, predicted[k]));
                    }
                }
            }
        }
    }

    /// <summary>[B, T, 1]: for each path, 1 at the positions its step moves (all, or its one position) and 0 elsewhere.</summary>
    private Tensor PositionMask(PathStart[] batch)
    {
        var length = _tokenizer.Length;
        var mask = new float[batch.Length * length];
        for (var b = 0; b < batch.Length; b++)
        {
            for (var t = 0; t < length; t++) mask[b * length + t] = batch[b].Position is not { } p || p == t ? 1 : 0;
        }
        return tensor(mask, [batch.Length, length, 1]);
    }

    /// <summary>f(E(x)) of each candidate in canonical order; NaN for a candidate that did not detokenize.</summary>
    private double[] PredictCandidates(ControllerNetwork network, Genotype?[] candidates, int[] owners)
    {
        var valid = candidates.Where(c => c is not null).Select(c => c!).ToArray();
        var validOwners = owners.Where((_, k) => candidates[k] is not null).ToArray();
        var values = valid.Length == 0 ? [] : Objective(network, network.Embed(TokenTensor(valid, 0, valid.Length)), validOwners).data<float>().ToArray();
        var result = new double[candidates.Length];
        for (int k = 0, v = 0; k < candidates.Length; k++) result[k] = candidates[k] is null ? double.NaN : values[v++];
        return result;
    }

    /// <summary>
    /// The continuous half of Eq. 2 for one fixed η: f(e_x) of each seed and f(e_x') of its moved embedding, before
    /// any decoding, moving every position's output or only <paramref name="position"/>'s. For small η,
    /// f(e_x') ≥ f(e_x) (the paper, section 3.3).
    /// </summary>
    internal (double[] Before, double[] After) PredictAfterStep(IReadOnlyList<Genotype> seeds, double stepSize, int? position = null)
    {
        var network = RequireTrained();
        using var scope = NewDisposeScope();
        var (outputs, gradient) = ScoreGradient(network, TokenTensor(seeds, 0, seeds.Count), [.. Enumerable.Range(0, seeds.Count)]);
        using var noGrad = no_grad();
        if (position is not null) gradient = gradient.mul(PositionMask([.. seeds.Select((s, i) => new PathStart(s, i, 1, position))]));
        var before = network.Predictor.call(ControllerEncoder.Pool(outputs)).data<float>().ToArray();
        using var alpha = stepSize.ToScalar();
        var moved = nn.functional.normalize(outputs.add(gradient, alpha), dim: 2);
        var after = network.Predictor.call(ControllerEncoder.Pool(moved)).data<float>().ToArray();
        return ([.. before.Select(v => (double)v)], [.. after.Select(v => (double)v)]);
    }

    /// <summary>Saves weights, options, space name and score range atomically (temporary file, then rename).</summary>
    /// <exception cref="InvalidOperationException">The controller is not trained.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ControllerFile.Write(path, Space.Name, Options, _scoreMin, _scoreMax, RequireTrained());
        SaveCostHeads(path);
    }

    /// <summary>
    /// Restores a controller saved by <see cref="Save"/>: its weights, score range and options (which replace this
    /// instance's). A later <see cref="Fit"/> continues from these weights when <see cref="ControllerOptions.WarmStart"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a controller file, truncated or corrupt, or saved for another space.</exception>
    public void Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var contents = ControllerFile.Read(path, Space);
        try
        {
            LoadCostHeads(path);
        }
        catch
        {
            contents.Network.Dispose();
            throw;
        }
        _network?.Dispose();
        _network = contents.Network;
        _network.eval();
        Options = contents.Options;
        (_scoreMin, _scoreMax) = (contents.ScoreMin, contents.ScoreMax);
    }

    /// <summary>Frees the network's tensors.</summary>
    public void Dispose()
    {
        _network?.Dispose();
        _network = null;
        _costHeads?.Dispose();
        _costHeads = null;
    }

    /// <summary>
    /// The predictor's targets in [0, 1], higher better (DESIGN.md section 1, step 5): min-max over the pool, or the
    /// pool quantile (<see cref="ScoreNormalization.Rank"/>). A pool of equal scores maps to 0.5.
    /// </summary>
    private float[] Normalize(double[] scores, double min, double max)
    {
        if (max == min) return [.. scores.Select(_ => 0.5f)];
        if (Options.Normalization == ScoreNormalization.Rank)
        {
            return [.. Ranking.Ranks(scores).Select(r => (float)((r - 1) / (scores.Length - 1)))];
        }
        return [.. scores.Select(s => (float)((s - min) / (max - min)))];
    }

    /// <summary>The normalized per-step outputs of the seeds and ∂f/∂h_t for each of them (both [B, T, H]).</summary>
    private (Tensor Outputs, Tensor Gradient) ScoreGradient(ControllerNetwork network, Tensor tokens, int[] owners)
    {
        using var scope = NewDisposeScope();
        Tensor outputs;
        using (no_grad())
        {
            outputs = network.Encoder.call(tokens);
        }
        outputs.requires_grad_(true);
        var predicted = Objective(network, ControllerEncoder.Pool(outputs), owners);
        // The predictions of different seeds are independent, so the gradient of their sum holds each seed's own gradient.
        var gradient = autograd.grad([predicted.sum()], [outputs])[0];
        return (outputs.detach().MoveToOuterDisposeScope(), gradient.MoveToOuterDisposeScope());
    }

    /// <summary>The tensors of one training batch: tokens [B, T], decoder inputs [B, T] (start token, then shifted), targets [B].</summary>
    internal (Tensor Tokens, Tensor Inputs, Tensor Scores) TrainingBatch(int[][] sequences, float[] targets, ReadOnlySpan<int> batch, Random random)
    {
        var length = _tokenizer.Length;
        var tokens = new long[batch.Length * length];
        var inputs = new long[batch.Length * length];
        var scores = new float[batch.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            // Branch-swap augmentation; the teacher-forcing input is rebuilt from the swapped sequence (DESIGN.md section 6).
            var sequence = Options.Augment ? _tokenizer.Augment(sequences[batch[b]], random) : sequences[batch[b]];
            for (var t = 0; t < length; t++)
            {
                tokens[b * length + t] = sequence[t];
                inputs[b * length + t] = t == 0 ? ITokenizer.StartToken : sequence[t - 1];
            }
            scores[b] = targets[batch[b]];
        }
        return (tensor(tokens, [batch.Length, length]), tensor(inputs, [batch.Length, length]), tensor(scores));
    }

    private Tensor TokenTensor(IReadOnlyList<Genotype> architectures, int start, int count)
    {
        var length = _tokenizer.Length;
        var tokens = new long[count * length];
        for (var i = 0; i < count; i++)
        {
            var sequence = _tokenizer.Tokenize(architectures[start + i]);
            for (var t = 0; t < length; t++) tokens[i * length + t] = sequence[t];
        }
        return tensor(tokens, [count, length]);
    }

    private static List<int[]> Rows(Tensor tokens)
    {
        var (rows, length) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        var flat = tokens.data<long>().ToArray();
        return [.. Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * length, length).ToArray().Select(t => (int)t).ToArray())];
    }

    private ControllerNetwork RequireTrained() =>
        _network ?? throw new InvalidOperationException("The controller is not trained yet: call Fit, or Load a saved controller, first.");

    /// <summary>Sample-weighted mean losses of one epoch.</summary>
    private sealed class EpochLosses
    {
        private readonly List<(int Count, double Loss, double Mse, double CrossEntropy)> _batches = [];

        public void Add(int count, double loss, double mse, double crossEntropy) => _batches.Add((count, loss, mse, crossEntropy));

        public double Mean(Func<(int Count, double Loss, double Mse, double CrossEntropy), double> pick) =>
            _batches.Count == 0 ? double.NaN : _batches.Sum(b => b.Count * pick(b)) / _batches.Sum(b => b.Count);
    }
}
