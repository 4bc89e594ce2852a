using System.Globalization;
using Nao.Genotypes;

namespace Nao.Evaluation;

/// <summary>The seeded noise the table evaluators add to simulate training's run-to-run spread.</summary>
internal static class ArchitectureNoise
{
    /// <summary>A standard normal draw fixed by the noise seed and the architecture (Box-Muller), so reruns agree.</summary>
    public static double Draw(Genotype genotype, int seed)
    {
        var key = ulong.Parse(genotype.Hash, NumberStyles.HexNumber, CultureInfo.InvariantCulture) ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        var random = new Random((int)(key ^ (key >> 32)));
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
