using Nao.Genotypes;
using Nao.Strategies;
using Nao.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>The cost heads and the guided step of DESIGN.md section 7.</summary>
public sealed partial class NaoController
{
    /// <summary>
    /// As <see cref="Propose(IReadOnlyList{Genotype}, Func{Genotype, bool}, CancellationToken)"/>, climbing the guided
    /// objective: the Tchebycheff scalarisation of each seed's <paramref name="weights"/> (null: accuracy alone), minus
    /// μ·τ·softplus(violation/τ) per constraint, the predicted violation measured in the heads' normalised log scale.
    /// </summary>
    /// <exception cref="ArgumentException">Weights of the wrong count or length.</exception>
    public IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, IReadOnlyList<double[]>? weights, Func<Genotype, bool> isKnown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var heads = Guidance?.Metrics.Count ?? 0;
        if (weights is not null && (weights.Count != seeds.Count || weights.Any(w => w.Length != 1 + heads)))
        {
            throw new ArgumentException($"Give one weight vector of length {1 + heads} (accuracy, then each cost metric) per seed.", nameof(weights));
        }
        _stepWeights = weights?.ToArray();
        try
        {
            return Propose(seeds, isKnown, cancellationToken);
        }
        finally
        {
            _stepWeights = null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyDictionary<string, double>> PredictCosts(IReadOnlyList<Genotype> architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var network = RequireTrained();
        var guidance = Guidance;
        if (_costHeads is null || guidance is null) throw new InvalidOperationException("The controller has no cost heads: set Guidance, then Fit.");
        TorchRuntime.PrepareThisThread();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var values = _costHeads.call(network.Embed(TokenTensor(architectures, 0, architectures.Count))).data<float>().ToArray();
        var count = guidance.Metrics.Count;
        return [.. Enumerable.Range(0, architectures.Count).Select(i => (IReadOnlyDictionary<string, double>)guidance.Metrics.Select((m, k) =>
            (m, Math.Exp(_logCostMin[k] + values[i * count + k] * (_logCostMax[k] - _logCostMin[k])))).ToDictionary(p => p.m, p => p.Item2))];
    }

    /// <summary>
    /// The guided step in isolation, for tests: per seed, cost head <paramref name="metric"/>'s prediction (normalised)
    /// before and after one move of size <paramref name="stepSize"/> along the gradient of the guided objective with
    /// the given weights, before any decoding.
    /// </summary>
    internal (double[] Before, double[] After) PredictCostAfterStep(IReadOnlyList<Genotype> seeds, IReadOnlyList<double[]>? weights, double stepSize, int metric = 0)
    {
        var network = RequireTrained();
        var heads = _costHeads ?? throw new InvalidOperationException("No cost heads.");
        _stepWeights = weights?.ToArray();
        try
        {
            using var scope = NewDisposeScope();
            var (outputs, gradient) = ScoreGradient(network, TokenTensor(seeds, 0, seeds.Count), [.. Enumerable.Range(0, seeds.Count)]);
            using var noGrad = no_grad();
            var before = heads.call(ControllerEncoder.Pool(outputs)).select(1, metric).data<float>().ToArray();
            using var alpha = stepSize.ToScalar();
            var moved = nn.functional.normalize(outputs.add(gradient, alpha), dim: 2);
            var after = heads.call(ControllerEncoder.Pool(moved)).select(1, metric).data<float>().ToArray();
            return ([.. before.Select(v => (double)v)], [.. after.Select(v => (double)v)]);
        }
        finally
        {
            _stepWeights = null;
        }
    }

    /// <summary>
    /// The objective the Eq. 2 step climbs, per row of <paramref name="embedding"/> [B, H] (row b works for seed
    /// <paramref name="owners"/>[b]): f alone without cost heads (the paper's step, unchanged); else the Tchebycheff
    /// scalarisation −max_i w_i·(1 − o_i) of o = (f, 1 − g_1, …) when the call has weights, else f; minus the penalties.
    /// </summary>
    private Tensor Objective(ControllerNetwork network, Tensor embedding, int[] owners)
    {
        using var scope = NewDisposeScope();
        var predicted = network.Predictor.call(embedding);
        if (_costHeads is null || Guidance is not { } guidance) return predicted.MoveToOuterDisposeScope();
        var costs = _costHeads.call(embedding);
        var objective = predicted;
        if (_stepWeights is { } weights)
        {
            var width = 1 + guidance.Metrics.Count;
            var w = tensor(owners.SelectMany(o => weights[o].Select(x => (float)x)).ToArray(), [owners.Length, width]);
            var gaps = cat([predicted.neg().add(HeldScalars.One, HeldScalars.One).unsqueeze(1), costs], 1);
            objective = gaps.mul(w).max(1).values.neg();
        }
        foreach (var constraint in guidance.Constraints)
        {
            var m = IndexOf(guidance, constraint.Metric);
            if (m < 0) continue;
            var bound = (Math.Log(Math.Max(constraint.Bound, double.Epsilon)) - _logCostMin[m]) / Math.Max(_logCostMax[m] - _logCostMin[m], 1e-12);
            var head = costs.select(1, m);
            // Explicit scalars held to the end of the iteration (see HeldScalars).
            using var boundScalar = bound.ToScalar();
            using var temperature = guidance.PenaltyTemperature.ToScalar();
            using var weight = (guidance.PenaltyTemperature * guidance.PenaltyWeight).ToScalar();
            var excess = constraint.IsUpper ? head.sub(boundScalar) : head.neg().add(boundScalar, HeldScalars.One);
            // τ·softplus(x/τ): a smooth max(0, x), near zero inside the budget with a gradient of μ past it.
            var penalty = nn.functional.softplus(excess.div(temperature)).mul(weight);
            objective = objective.sub(penalty);
        }
        return objective.MoveToOuterDisposeScope();
    }

    /// <summary>The objective of each architecture for its owner's weights, without gradients.</summary>
    private double[] ObjectiveValues(ControllerNetwork network, IReadOnlyList<Genotype> architectures, int[] owners)
    {
        var result = new double[architectures.Count];
        using var noGrad = no_grad();
        for (var start = 0; start < architectures.Count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(InferenceBatch, architectures.Count - start);
            var values = Objective(network, network.Embed(TokenTensor(architectures, start, count)), owners[start..(start + count)]).data<float>().ToArray();
            for (var i = 0; i < count; i++) result[start + i] = values[i];
        }
        return result;
    }

    private static int IndexOf(CostGuidance guidance, string metric)
    {
        for (var i = 0; i < guidance.Metrics.Count; i++)
        {
            if (string.Equals(guidance.Metrics[i], metric, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>Per architecture, the log of each exact cost min-max normalised over the pool (0.5 when all equal); keeps the ranges.</summary>
    private float[][] CostTargets(IReadOnlyList<ScoredArchitecture> data, CostGuidance guidance)
    {
        var count = guidance.Metrics.Count;
        var logs = data.Select(d =>
        {
            var costs = guidance.Costs(d.Genotype);
            return guidance.Metrics.Select(m => Math.Log(Math.Max(costs[m], 1e-12))).ToArray();
        }).ToArray();
        _logCostMin = [.. Enumerable.Range(0, count).Select(k => logs.Min(l => l[k]))];
        _logCostMax = [.. Enumerable.Range(0, count).Select(k => logs.Max(l => l[k]))];
        return [.. logs.Select(l => l.Select((v, k) => _logCostMax[k] == _logCostMin[k] ? 0.5f : (float)((v - _logCostMin[k]) / (_logCostMax[k] - _logCostMin[k]))).ToArray())];
    }

    private static Tensor CostBatch(float[][] targets, ReadOnlySpan<int> batch)
    {
        var width = targets[0].Length;
        var values = new float[batch.Length * width];
        for (var b = 0; b < batch.Length; b++) targets[batch[b]].CopyTo(values, b * width);
        return tensor(values, [batch.Length, width]);
    }

    // The heads live in a file beside the controller's (path.costs), so controller files without costs keep their format.
    private void SaveCostHeads(string path)
    {
        var sidecar = path + ".costs";
        if (_costHeads is null || Guidance is null)
        {
            File.Delete(sidecar);
            return;
        }
        var temporary = sidecar + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Guidance.Metrics.Count);
            for (var k = 0; k < Guidance.Metrics.Count; k++)
            {
                writer.Write(Guidance.Metrics[k]);
                writer.Write(_logCostMin[k]);
                writer.Write(_logCostMax[k]);
            }
            _costHeads.save(writer);
        }
        File.Move(temporary, sidecar, overwrite: true);
    }

    private void LoadCostHeads(string path)
    {
        _costHeads?.Dispose();
        _costHeads = null;
        if (Guidance is not { } guidance) return;
        var sidecar = path + ".costs";
        if (!File.Exists(sidecar)) throw new InvalidDataException($"'{sidecar}' is missing: the controller was saved without the cost heads this search needs.");
        try
        {
            using var reader = new BinaryReader(File.OpenRead(sidecar));
            var count = reader.ReadInt32();
            if (count != guidance.Metrics.Count) throw new InvalidDataException($"it holds {count} cost heads, not {guidance.Metrics.Count}");
            var (min, max) = (new double[count], new double[count]);
            for (var k = 0; k < count; k++)
            {
                if (reader.ReadString() != guidance.Metrics[k]) throw new InvalidDataException("its cost metrics differ from the search's");
                (min[k], max[k]) = (reader.ReadDouble(), reader.ReadDouble());
            }
            var heads = new CostHeads(Options.HiddenSize, count);
            heads.load(reader, strict: true);
            heads.eval();
            (_costHeads, _logCostMin, _logCostMax) = (heads, min, max);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{sidecar}' is damaged: {e.Message}", e);
        }
    }
}
