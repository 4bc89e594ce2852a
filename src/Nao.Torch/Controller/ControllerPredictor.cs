using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// The performance predictor f of NAO (DESIGN.md section 1, step 3): an MLP on the architecture embedding, ReLU
/// between layers, ending in a sigmoid so that predictions live in the [0, 1] scale of the normalized scores.
/// </summary>
public sealed class ControllerPredictor : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _layers;

    /// <summary>Creates an MLP with <paramref name="hiddenLayers"/> hidden layers of <paramref name="width"/> units (0 = linear).</summary>
    public ControllerPredictor(int inputSize, int hiddenLayers, int width) : base(nameof(ControllerPredictor))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var size = inputSize;
        for (var i = 0; i < hiddenLayers; i++)
        {
            layers.Add(nn.Linear(size, width));
            layers.Add(nn.ReLU());
            size = width;
        }
        layers.Add(nn.Linear(size, 1));
        _layers = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <summary>Predicted scores.</summary>
    /// <param name="embedding">Architecture embeddings, [B, H].</param>
    /// <returns>[B], in (0, 1).</returns>
    public override Tensor forward(Tensor embedding)
    {
        using var scope = NewDisposeScope();
        return _layers.call(embedding).squeeze(-1).sigmoid().MoveToOuterDisposeScope();
    }
}
