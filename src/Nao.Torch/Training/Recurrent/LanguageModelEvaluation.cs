using Nao.Data.Text;
using Nao.Networks.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Training.Recurrent;

/// <summary>Measures a language model's cross-entropy on batched text (perplexity is its exponential).</summary>
public static class LanguageModelEvaluation
{
    /// <summary>
    /// Mean cross-entropy per predicted token (nats) on <paramref name="batches"/> [N, B] from <see cref="TokenBatches.Batchify"/>,
    /// in fixed windows of <paramref name="bptt"/> with the hidden state carried across windows and dropout off.
    /// Every token but the first of each column is predicted once. Leaves the model in evaluation mode.
    /// </summary>
    public static double Loss(RecurrentLanguageModel model, Tensor batches, int bptt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        model.eval();
        using var noGrad = torch.no_grad();
        var rows = batches.shape[0];
        var hidden = model.InitialHidden(batches.shape[1]);
        double total = 0;
        long count = 0;
        try
        {
            for (long row = 0; row < rows - 1; row += bptt)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var (inputs, targets) = TokenBatches.Window(batches, row, bptt);
                var output = model.call(inputs, hidden);
                using var sum = torch.nn.functional.cross_entropy(output.Logits, targets.reshape(-1), reduction: nn.Reduction.Sum);
                total += sum.item<float>();
                count += targets.numel();
                hidden.Dispose();
                hidden = output.Hidden.MoveToOuterDisposeScope();
            }
        }
        finally
        {
            hidden.Dispose();
        }
        return total / count;
    }
}
