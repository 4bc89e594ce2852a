using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Torch;
using Nao.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Predictors;

/// <summary>
/// BANANAS' predictor: an ensemble of small MLPs, each trained from its own initialization and batch order on a
/// one-hot encoding of the architecture's tokens (one block per position), on standardized scores with mean
/// squared error and Adam. The members differ only through their seeds, so their spread is the uncertainty the
/// acquisition samples from.
/// </summary>
public sealed class MlpEnsemble : IScoreEnsemble
{
    // Minibatches of 32, but at most 4 per epoch: a fit's steps then stay bounded as the data grow (a 500-evaluation
    // search fits 49 times), which keeps a round's time small on 2 cores.
    private const int MinBatchSize = 32;
    private const int MaxBatchesPerEpoch = 4;

    private readonly ITokenizer _tokenizer;
    private readonly BananasOptions _options;
    private readonly int[] _offsets;
    private readonly int _width;
    private readonly List<nn.Module<Tensor, Tensor>> _members = [];
    private double _mean;
    private double _scale = 1;

    /// <summary>Creates an untrained ensemble for the space.</summary>
    public MlpEnsemble(ISearchSpace space, BananasOptions options)
    {
        options.Validate();
        _tokenizer = space.Tokenizer;
        _options = options;
        // Each position's valid tokens get their own block of columns: no column is always zero.
        _offsets = new int[_tokenizer.Length + 1];
        for (var p = 0; p < _tokenizer.Length; p++) _offsets[p + 1] = _offsets[p] + _tokenizer.ValidTokens(p).Count;
        _width = _offsets[^1];
    }

    /// <summary>Columns of the one-hot encoding.</summary>
    public int InputSize => _width;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No data, or a score that is not a finite number.</exception>
    public void Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("The ensemble needs at least one evaluated architecture to fit.", nameof(data));
        if (data.Any(d => !double.IsFinite(d.Score))) throw new ArgumentException("Scores must be finite numbers.", nameof(data));
        var scores = data.Select(d => d.Score).ToArray();
        _mean = scores.Average();
        var std = Math.Sqrt(scores.Sum(s => (s - _mean) * (s - _mean)) / scores.Length);
        _scale = std > 0 ? std : 1;
        TorchRuntime.PrepareThisThread();
        DisposeMembers();
        using var inputs = Encode(data.Select(d => d.Genotype).ToList());
        using var targets = tensor(scores.Select(s => (float)((s - _mean) / _scale)).ToArray());
        for (var m = 0; m < _options.EnsembleSize; m++)
        {
            // One seed per member, from the fit's seed: the same fit gives the same members, bit for bit at a fixed thread count.
            var memberSeed = unchecked(seed * 31 + m);
            torch.manual_seed(memberSeed);
            var random = new Random(memberSeed);
            var member = Mlp();
            _members.Add(member);
            member.train();
            var order = Enumerable.Range(0, data.Count).ToArray();
            var batchSize = Math.Max(MinBatchSize, (data.Count + MaxBatchesPerEpoch - 1) / MaxBatchesPerEpoch);
            using var adam = new AdamSteps(member.parameters(), _options.LearningRate);
            for (var epoch = 0; epoch < _options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                random.Shuffle(order);
                for (var start = 0; start < order.Length; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    using var index = tensor(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray().Select(i => (long)i).ToArray());
                    member.zero_grad();
                    var loss = nn.functional.mse_loss(member.call(inputs.index_select(0, index)).squeeze(-1), targets.index_select(0, index));
                    loss.backward();
                    adam.Step();
                }
            }
            member.eval();
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The ensemble is not fitted.</exception>
    public double[][] Predict(IReadOnlyList<Genotype> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        if (_members.Count == 0) throw new InvalidOperationException("The ensemble is not fitted yet; call Fit first.");
        TorchRuntime.PrepareThisThread();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var inputs = Encode(architectures);
        return [.. _members.Select(member => member.call(inputs).squeeze(-1).data<float>().Select(v => v * _scale + _mean).ToArray())];
    }

    /// <inheritdoc />
    public void Dispose() => DisposeMembers();

    private nn.Module<Tensor, Tensor> Mlp()
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var size = _width;
        for (var i = 0; i < _options.HiddenLayers; i++)
        {
            layers.Add(nn.Linear(size, _options.HiddenWidth));
            layers.Add(nn.ReLU());
            size = _options.HiddenWidth;
        }
        layers.Add(nn.Linear(size, 1));
        return nn.Sequential(layers);
    }

    /// <summary>The one-hot rows of the architectures, [N, InputSize].</summary>
    private Tensor Encode(IReadOnlyList<Genotype> architectures)
    {
        var rows = new float[architectures.Count * _width];
        for (var i = 0; i < architectures.Count; i++)
        {
            var tokens = _tokenizer.Tokenize(architectures[i]);
            for (var p = 0; p < tokens.Length; p++)
            {
                var column = _offsets[p] + IndexOf(_tokenizer.ValidTokens(p), tokens[p]);
                rows[i * _width + column] = 1;
            }
        }
        return tensor(rows, [architectures.Count, _width]);
    }

    private static int IndexOf(IReadOnlyList<int> valid, int token)
    {
        for (var i = 0; i < valid.Count; i++) if (valid[i] == token) return i;
        throw new ArchitectureFormatException($"Token {token} is not valid at its position.");
    }

    private void DisposeMembers()
    {
        foreach (var member in _members) member.Dispose();
        _members.Clear();
    }
}
