using Nao.Genotypes;

namespace Nao.Tests.Experiments;

/// <summary>
/// A smooth fake NAS-Bench-201 table: the score counts the edges that agree with a target cell, plus a tiny
/// architecture-specific tie-breaker, so neighbours (one mutation apart) have close scores.
/// </summary>
internal static class SmoothTable
{
    public static readonly Nb201Genotype Target = Nb201Genotype.Parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");

    public static double Score(Genotype genotype)
    {
        var g = (Nb201Genotype)genotype;
        var agree = Enumerable.Range(0, Nb201Genotype.EdgeCount).Count(i => g.Edges[i] == Target.Edges[i]);
        // Tie-breaker in [0, 0.01) from the canonical text, deterministic across processes.
        var tie = (int.Parse(g.Hash[..6], System.Globalization.NumberStyles.HexNumber) % 1000) / 100_000.0;
        return 80 + 2 * agree + tie;
    }
}
