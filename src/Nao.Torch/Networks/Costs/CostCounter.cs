using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Networks.Costs;

/// <summary>
/// Counts a built network's cost by running it: a forward hook on every convolution and linear layer reads the
/// shapes that really flow through it during one forward pass of a dummy batch, so the count follows the network as
/// built (any op, any wiring, skipped edges really skipped) instead of a formula kept apart from it. This is how
/// NAS-Bench-201's own counter works (xautodl/utils/flop_benchmark.py), and it counts the same things: per output
/// element, (input channels / groups) × kernel area multiply-adds, plus one for the bias when there is one.
/// </summary>
public static class CostCounter
{
    /// <summary>
    /// The cost of one input of shape <paramref name="inputShape"/> (with its batch dimension, e.g. [1, 3, 32, 32]).
    /// The network runs once in evaluation mode without gradients on zeros and is put back in the mode it was in.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is empty or has a size below 1.</exception>
    public static NetworkCost Count<TResult>(nn.Module<Tensor, TResult> network, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length < 2 || inputShape.Any(size => size < 1))
        {
            throw new ArgumentException($"The input shape needs a batch dimension and sizes of at least 1 (got [{string.Join(", ", inputShape)}]).", nameof(inputShape));
        }
        var parameters = network.parameters().Sum(p => p.numel());
        var multiplyAdds = 0L;
        var removers = new List<Action>();
        foreach (var module in network.modules())
        {
            if (module is Conv1d or Conv2d or Conv3d or Linear)
            {
                var layer = (nn.Module<Tensor, Tensor>)module;
                var remover = layer.register_forward_hook((_, _, output) =>
                {
                    multiplyAdds += LayerMultiplyAdds(layer, output);
                    return output;
                });
                removers.Add(remover.remove);
            }
        }
        var wasTraining = network.training;
        try
        {
            network.eval();
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            using var input = torch.zeros(inputShape);
            network.call(input);
        }
        finally
        {
            foreach (var remove in removers) remove();
            network.train(wasTraining);
        }
        return new NetworkCost(parameters, multiplyAdds / inputShape[0]);
    }

    // Weight [out, in/groups, k…] (convolutions) or [out, in] (linear): each output element costs the weight's
    // per-output-channel size in multiply-adds, plus one add for the bias.
    private static long LayerMultiplyAdds(nn.Module<Tensor, Tensor> layer, Tensor output)
    {
        var named = layer.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        var weight = named["weight"];
        var perOutput = weight.numel() / weight.shape[0] + (named.ContainsKey("bias") ? 1 : 0);
        return output.numel() * perOutput;
    }
}
