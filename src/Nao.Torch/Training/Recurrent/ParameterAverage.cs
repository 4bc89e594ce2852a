using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Training.Recurrent;

/// <summary>
/// The running average of a model's weights for averaged SGD (Polyak and Juditsky 1992; AWD-LSTM's NT-ASGD with
/// t0 = 0 and λ = 0, which is what torch.optim.ASGD does there). TorchSharp has no ASGD, so the average is kept here as
/// parameter copies updated with torch ops: after the n-th step, avg ← avg + (w − avg)/n.
/// </summary>
internal sealed class ParameterAverage : IDisposable
{
    private readonly (string Name, Parameter Parameter)[] _parameters;
    private readonly Tensor[] _averages;

    /// <summary>Starts averaging from the current weights (no step counted yet).</summary>
    public ParameterAverage(IEnumerable<(string Name, Parameter Parameter)> parameters, long steps = 0, IReadOnlyDictionary<string, Tensor>? averages = null)
    {
        _parameters = [.. parameters];
        using var noGrad = torch.no_grad();
        _averages = [.. _parameters.Select(p => averages is null ? p.Parameter.detach().clone() : averages[p.Name].clone())];
        Steps = steps;
    }

    /// <summary>Optimizer steps averaged so far.</summary>
    public long Steps { get; private set; }

    /// <summary>The averaged weights by parameter name (views of the live averages; copy before keeping them).</summary>
    public IEnumerable<(string Name, Tensor Average)> Averages => _parameters.Select((p, i) => (p.Name, _averages[i]));

    /// <summary>Folds the current weights into the average; call after every optimizer step.</summary>
    public void Update()
    {
        Steps++;
        using var noGrad = torch.no_grad();
        using var weight = torch.tensor(1.0f / Steps);
        for (var i = 0; i < _parameters.Length; i++) _averages[i].lerp_(_parameters[i].Parameter, weight);
    }

    /// <summary>Puts the averaged weights into the model until the returned handle is disposed (then the raw weights return).</summary>
    public IDisposable Apply()
    {
        using var noGrad = torch.no_grad();
        var saved = _parameters.Select(p => p.Parameter.detach().clone()).ToArray();
        for (var i = 0; i < _parameters.Length; i++) _parameters[i].Parameter.copy_(_averages[i]);
        return new Restore(_parameters, saved);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var a in _averages) a.Dispose();
    }

    private sealed class Restore((string Name, Parameter Parameter)[] parameters, Tensor[] saved) : IDisposable
    {
        public void Dispose()
        {
            using var noGrad = torch.no_grad();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Parameter.copy_(saved[i]);
                saved[i].Dispose();
            }
        }
    }
}
