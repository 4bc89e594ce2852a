using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nao.Strategies;

/// <summary>
/// What one round's optimizer fit was given: the round, the fit's seed, and a SHA-256 digest of its training data
/// (each architecture and the exact bits of its score, in order) chained to the previous fit's digest, since a
/// warm-started fit begins from the previous fit's weights. Fits are deterministic, so two fits with equal bindings
/// give equal states: a checkpoint saved under a binding may stand in for a fit under the same binding, and under no
/// other.
/// </summary>
/// <param name="Round">The round whose fit this is.</param>
/// <param name="Seed">The seed the fit was given.</param>
/// <param name="Data">The hex SHA-256 of the training data in order, chained to the previous fit's.</param>
public sealed record FitBinding(int Round, int Seed, string Data)
{
    /// <summary>The binding of round <paramref name="round"/>'s fit on <paramref name="data"/> after the fit <paramref name="previous"/> (null: the first).</summary>
    public static FitBinding Of(int round, int seed, IReadOnlyList<ScoredArchitecture> data, FitBinding? previous)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"nao fit 1\nprevious {previous?.Data ?? "none"}\n");
        foreach (var item in data)
        {
            // The score's bits, not its decimal form: two scores that print alike but differ still give different fits.
            text.Append(CultureInfo.InvariantCulture, $"{item.Genotype.Canonical}\t{BitConverter.DoubleToInt64Bits(item.Score):x16}\n");
        }
        return new FitBinding(round, seed, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }
}
