using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Controller;

/// <summary>
/// One regression head per cost metric on the architecture embedding (DESIGN.md section 7): each predicts the
/// normalised log of an exact cost. No sigmoid: a budget may lie outside the pool's range, and the penalty must keep a
/// gradient there.
/// </summary>
public sealed class CostHeads : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _layers;

    /// <summary>Creates <paramref name="count"/> heads as one MLP with a hidden layer of <paramref name="width"/> units and <paramref name="count"/> outputs.</summary>
    public CostHeads(int inputSize, int count, int width = 64) : base(nameof(CostHeads))
    {
        Count = count;
        _layers = nn.Sequential(nn.Linear(inputSize, width), nn.ReLU(), nn.Linear(width, count));
        RegisterComponents();
    }

    /// <summary>The number of heads.</summary>
    public int Count { get; }

    /// <summary>Predicted normalised log costs.</summary>
    /// <param name="embedding">[B, H].</param>
    /// <returns>[B, C].</returns>
    public override Tensor forward(Tensor embedding) => _layers.call(embedding);
}
