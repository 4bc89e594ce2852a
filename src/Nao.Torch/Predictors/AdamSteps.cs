using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Predictors;

/// <summary>
/// Adam (Kingma and Ba 2015, default betas and ε) written out with scalars this class owns. TorchSharp's
/// <c>optim.Adam</c> crashed a 500-evaluation BANANAS search once, at random (libtorch's Scalar::toFloat found a Scalar of
/// no known kind inside <c>addcdiv_</c>, and a replay of the same fit ran clean), and so did this class once while
/// <c>add_(ε)</c> still let TorchSharp make its alpha of 1 implicitly (in <c>add_scalar_</c>): a scalar made implicitly
/// is only referenced by its native handle during the call, so the collector may finalize it then. Here every scalar,
/// alpha included, is a field held until after its use. The NAO controller fits with it too (with weight decay), after
/// <c>optim.Adam</c> crashed a constrained NAO search the same way (in <c>add</c>, 2026-12-07).
/// </summary>
internal sealed class AdamSteps : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Tensor[] _parameters;
    private readonly Tensor[] _first;
    private readonly Tensor[] _second;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly Scalar _one = 1.0.ToScalar();
    private readonly double _learningRate;
    private readonly Scalar? _weightDecay;
    private int _step;

    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="weightDecay">L2 weight decay added to each gradient (torch's Adam <c>weight_decay</c>); 0: none.</param>
    public AdamSteps(IEnumerable<Tensor> parameters, double learningRate, double weightDecay = 0)
    {
        _weightDecay = weightDecay != 0 ? weightDecay.ToScalar() : null;
        _parameters = [.. parameters];
        _first = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _second = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _learningRate = learningRate;
    }

    /// <summary>One update from the parameters' gradients.</summary>
    public void Step()
    {
        _step++;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var stepSize = (-_learningRate / (1 - Math.Pow(Beta1, _step))).ToScalar();
        using var correction = Math.Sqrt(1 - Math.Pow(Beta2, _step)).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].grad is not { } gradient) continue;
            // As torch's Adam: the decay joins the gradient before the moments (L2, not AdamW's decoupled decay).
            if (_weightDecay is not null) gradient = gradient.add(_parameters[i], _weightDecay);
            _first[i].mul_(_beta1).add_(gradient, _oneMinusBeta1);
            _second[i].mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
            var denominator = _second[i].sqrt().div_(correction).add_(_epsilon, _one);
            _parameters[i].addcdiv_(_first[i], denominator, stepSize);
        }
        GC.KeepAlive(this);
    }

    /// <summary>Zeroes every parameter's gradient (before a backward pass).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    public void Dispose()
    {
        _weightDecay?.Dispose();
        foreach (var t in _first.Concat(_second)) t.Dispose();
        foreach (var s in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _one }) s.Dispose();
    }
}
