using Nao.Genotypes;
using Nao.Networks;
using Nao.SearchSpaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Tests.Networks;

/// <summary>
/// Issue 21's guard for speed work: whatever kernel or op formulation changes, the training of a fixed seed must give
/// the losses it gave before, within float tolerance. The recorded losses come from main at commit 22369db.
/// </summary>
public sealed class CellNetworkLossRecordTests
{
    public CellNetworkLossRecordTests() => TorchTestSetup.Initialize();

    // Five SGD steps of NAONet (N=1, F=4, batch 8 of 16×16×3, channels-last), torch.manual_seed(21).
    private static readonly double[] RecordedLosses = [2.2572109699249268, 1.4720758199691772, 0.8513802886009216, 0.4916802644729614, 0.27761802077293396];

    [Fact]
    public void Five_training_steps_of_NAONet_from_a_fixed_seed_give_the_recorded_losses()
    {
        var losses = TrainNaoNet();
        // A relative 1e-4 absorbs the last-bit differences between CPUs (MKL and the vector width pick the summation
        // order) but not a changed op: swapping one pool formulation for a wrong one moves the losses by 1e-2 or more.
        for (var i = 0; i < RecordedLosses.Length; i++)
        {
            Assert.True(Math.Abs(losses[i] - RecordedLosses[i]) <= 1e-4 * Math.Abs(RecordedLosses[i]),
                $"step {i}: loss {losses[i]:R}, recorded {RecordedLosses[i]:R} (all: {string.Join(", ", losses.Select(l => l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})");
        }
    }

    internal static double[] TrainNaoNet()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(21);
        using var network = new CellNetwork((ConvGenotype)PublishedArchitectures.Get("NAONet").Genotype,
            new CellNetworkOptions { Layers = 1, Filters = 4 });
        network.train();
        using var optimizer = torch.optim.SGD(network.parameters(), 0.05, momentum: 0.9, weight_decay: 5e-4);
        var images = torch.randn(8, 3, 16, 16);
        var labels = torch.randint(0, 10, [8], dtype: ScalarType.Int64);
        var losses = new double[5];
        for (var step = 0; step < losses.Length; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var loss = nn.functional.cross_entropy(network.call(images).Logits, labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses[step] = loss.item<float>();
        }
        return losses;
    }
}
