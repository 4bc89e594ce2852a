using System.Globalization;
using Nao.Evaluation;
using Nao.Genotypes;
using Nao.WeightSharing;

namespace Nao.Tests.WeightSharing;

/// <summary>
/// A stand-in for a supernet: its "weights" are the epochs trained and a running sum of the epoch seeds, and an
/// architecture's score is a fixed quality (the share of relu and tanh nodes) plus a small term of the state, so
/// scores are a pure function of state and genotype, as the contract demands. Save/Load write the state.
/// </summary>
internal sealed class FakeSupernet : ISupernet
{
    private int _epochs;
    private long _seedSum;

    public List<IReadOnlyList<Genotype>> Pools { get; } = [];

    public int Loads { get; private set; }

    public int Scorings { get; private set; }

    public string Name => "fake supernet";

    public static double Quality(Genotype genotype)
    {
        var text = genotype.Canonical;
        return (Count(text, "relu") + 0.5 * Count(text, "tanh")) / 11.0;
    }

    public SupernetEpochReport TrainEpoch(IReadOnlyList<Genotype> pool, int seed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Pools.Add([.. pool]);
        _epochs++;
        _seedSum = (_seedSum + seed) % 1_000_003;
        return new SupernetEpochReport(_epochs, 1.0 / _epochs, 0.5, pool.Count, TimeSpan.FromMilliseconds(1));
    }

    public EvaluationResult Score(Genotype genotype, CancellationToken cancellationToken)
    {
        Scorings++;
        var bias = 0.001 * _epochs + 1e-7 * _seedSum;
        return EvaluationResult.Ok(Quality(genotype) + bias, new Dictionary<string, double> { ["ws_epochs"] = _epochs });
    }

    public void Save(string path) => File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{_epochs} {_seedSum}"));

    public void Load(string path)
    {
        var parts = File.ReadAllText(path).Split(' ');
        _epochs = int.Parse(parts[0], CultureInfo.InvariantCulture);
        _seedSum = long.Parse(parts[1], CultureInfo.InvariantCulture);
        Loads++;
    }

    public void Dispose()
    {
    }

    private static int Count(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
