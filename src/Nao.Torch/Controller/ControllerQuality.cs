using Nao.Metrics;
using Nao.Strategies;

namespace Nao.Controller;

/// <summary>
/// The quality measures of a trained controller on architectures held out from its training (DESIGN.md section 4,
/// the paper's Fig. 2a).
/// </summary>
/// <param name="Count">Held-out architectures measured.</param>
/// <param name="PairwiseAccuracy">The predictor's pairwise accuracy (the paper's acc_f), in [0, 1].</param>
/// <param name="KendallTau">Kendall's tau-b between predicted and true scores, in [-1, 1].</param>
/// <param name="MeanHammingDistance">
/// The decoder's mean number of tokens where D(E(x)) differs from x's canonical sequence (the paper's dist_D).
/// </param>
/// <param name="ExactReconstruction">The share of architectures whose D(E(x)) is x itself, in [0, 1].</param>
public sealed record ControllerQuality(int Count, double PairwiseAccuracy, double KendallTau, double MeanHammingDistance, double ExactReconstruction)
{
    /// <summary>Measures a trained controller on held-out architectures with their true (raw) scores.</summary>
    /// <exception cref="ArgumentException">Fewer than two architectures.</exception>
    public static ControllerQuality Measure(NaoController controller, IReadOnlyList<ScoredArchitecture> heldOut)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Count < 2) throw new ArgumentException("Measuring a controller needs at least two held-out architectures.", nameof(heldOut));
        var architectures = heldOut.Select(h => h.Genotype).ToArray();
        var actual = heldOut.Select(h => h.Score).ToArray();
        var predicted = controller.Predict(architectures);
        var decoded = controller.Reconstruct(architectures);
        var tokenizer = controller.Space.Tokenizer;
        double distance = 0;
        var exact = 0;
        for (var i = 0; i < architectures.Length; i++)
        {
            var original = tokenizer.Tokenize(architectures[i]);
            distance += original.Where((token, t) => token != decoded[i][t]).Count();
            // Exact means the same architecture, so a cell decoded with a node's branches in the other order still counts.
            if (tokenizer.Detokenize(decoded[i]) == architectures[i]) exact++;
        }
        return new ControllerQuality(architectures.Length, Ranking.PairwiseAccuracy(predicted, actual), Ranking.KendallTau(predicted, actual),
            distance / architectures.Length, (double)exact / architectures.Length);
    }
}
