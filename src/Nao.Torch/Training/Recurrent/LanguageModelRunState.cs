using Nao.Networks.Recurrent;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Training.Recurrent;

/// <summary>
/// What a language-model run carries from epoch to epoch: the history, the best validation loss and its weights, and
/// the averaged-SGD state; saved to and restored from <see cref="LanguageModelCheckpoint"/>.
/// </summary>
internal sealed class LanguageModelRunState((string Name, Parameter Parameter)[] parameters) : IDisposable
{
    private Dictionary<string, Tensor>? _bestWeights;

    /// <summary>Finished epochs.</summary>
    public List<LanguageModelEpoch> History { get; } = [];

    /// <summary>The best validation loss so far; NaN before the first epoch.</summary>
    public double BestValidLoss { get; private set; } = double.NaN;

    /// <summary>The running weight average once averaged SGD has started.</summary>
    public ParameterAverage? Average { get; private set; }

    /// <summary>Starts averaged SGD from the current weights.</summary>
    public void StartAveraging() => Average ??= new ParameterAverage(parameters);

    /// <summary>Records a new best validation loss and copies the weights now in the model (the averaged ones while applied).</summary>
    public void KeepBest(double validLoss)
    {
        BestValidLoss = validLoss;
        DisposeBest();
        using var noGrad = torch.no_grad();
        _bestWeights = parameters.ToDictionary(p => p.Name, p => p.Parameter.detach().clone());
    }

    /// <summary>Copies the best weights into the model (no-op before the first epoch).</summary>
    public void LoadBestInto()
    {
        if (_bestWeights is null) return;
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in parameters) parameter.copy_(_bestWeights[name]);
    }

    /// <summary>Writes the state after <paramref name="epoch"/> to <paramref name="path"/>.</summary>
    public void Save(string path, RecurrentLanguageModel model, int epoch)
    {
        var header = new LanguageModelCheckpoint(model.Genotype.Canonical, model.Options, epoch, History, BestValidLoss,
            Average?.Steps ?? 0, Average is not null);
        var weights = parameters.Select(p => (p.Name, (Tensor)p.Parameter)).ToArray();
        var best = _bestWeights is null ? weights : parameters.Select(p => (p.Name, _bestWeights[p.Name])).ToArray();
        header.Save(path, weights, best, Average?.Averages.ToArray());
    }

    /// <summary>Restores a checkpoint into the model and this state; returns the epoch it was written after.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another architecture or model shape.</exception>
    public int Resume(string path, RecurrentLanguageModel model)
    {
        var (header, weights, best, averages) = LanguageModelCheckpoint.Load(path);
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (header.Genotype != model.Genotype.Canonical)
            {
                throw new InvalidDataException(
                    $"The checkpoint in '{folder}' was written for the architecture '{header.Genotype}', not '{model.Genotype.Canonical}'. Use another checkpoint folder, or delete it to start over.");
            }
            if (header.Model != model.Options)
            {
                throw new InvalidDataException(
                    $"The checkpoint in '{folder}' was written for a model with {Describe(header.Model)}, not {Describe(model.Options)}. Use another checkpoint folder, or delete it to start over.");
            }
            using (torch.no_grad())
            {
                foreach (var (name, parameter) in parameters)
                {
                    if (!weights.TryGetValue(name, out var value) || !value.shape.SequenceEqual(parameter.shape))
                    {
                        throw new InvalidDataException($"The checkpoint '{path}' lacks the weights '{name}' of shape [{string.Join(", ", parameter.shape)}]. Delete it to start over.");
                    }
                    parameter.copy_(value);
                }
            }
            History.Clear();
            History.AddRange(header.History);
            BestValidLoss = header.BestValidLoss;
            DisposeBest();
            _bestWeights = best;
            best = [];
            if (header.Averaging) Average = new ParameterAverage(parameters, header.AverageSteps, averages);
            return header.Epoch;
        }
        finally
        {
            foreach (var t in weights.Values.Concat(best.Values).Concat(averages.Values)) t.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeBest();
        Average?.Dispose();
    }

    private void DisposeBest()
    {
        if (_bestWeights is null) return;
        foreach (var t in _bestWeights.Values) t.Dispose();
        _bestWeights = null;
    }

    private static string Describe(RecurrentModelOptions o) =>
        $"vocabulary {o.Vocabulary}, hidden {o.Hidden}, dropouts e/i/x/h/o {o.EmbeddingDropout}/{o.InputDropout}/{o.CellInputDropout}/{o.HiddenDropout}/{o.OutputDropout}";
}
