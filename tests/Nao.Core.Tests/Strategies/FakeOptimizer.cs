using System.Globalization;
using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Strategies;

namespace Nao.Tests.Strategies;

/// <summary>
/// A stand-in for the NAO controller: "fitting" remembers the seed and the data; proposing mutates each seed
/// (η = the number of mutations tried), deterministically for the fit seed; predictions come from a function.
/// Save and Load write the fit seed and data size, so a loaded optimizer proposes exactly what a fitted one does.
/// </summary>
internal sealed class FakeOptimizer(ISearchSpace space, Func<Genotype, double> predict) : IArchitectureOptimizer
{
    private int _fitSeed = -1;
    private int _calls;

    public List<int> FitSizes { get; } = [];

    public List<IReadOnlyList<Genotype>> SeedsSeen { get; } = [];

    public int Loads { get; private set; }

    public OptimizerFitReport Fit(IReadOnlyList<ScoredArchitecture> data, int seed, CancellationToken cancellationToken)
    {
        FitSizes.Add(data.Count);
        _fitSeed = seed;
        _calls = 0;
        return new OptimizerFitReport(10, 0.5, 0.1, 0.2, TimeSpan.FromMilliseconds(1));
    }

    public IReadOnlyList<double> Predict(IReadOnlyList<Genotype> architectures) => [.. architectures.Select(predict)];

    public IReadOnlyList<OptimizedArchitecture> Propose(IReadOnlyList<Genotype> seeds, Func<Genotype, bool> isKnown, CancellationToken cancellationToken)
    {
        if (_fitSeed < 0) throw new InvalidOperationException("Propose before Fit or Load.");
        SeedsSeen.Add(seeds);
        var random = new Random(_fitSeed + 7919 * _calls++);
        var proposed = new HashSet<Genotype>();
        var result = new List<OptimizedArchitecture>();
        foreach (var seed in seeds)
        {
            for (var eta = 1; eta <= 20; eta++)
            {
                var candidate = space.Mutate(seed, random);
                if (isKnown(candidate) || !proposed.Add(candidate)) continue;
                result.Add(new OptimizedArchitecture(candidate, seed, eta, predict(seed), predict(candidate)));
                break;
            }
        }
        return result;
    }

    /// <summary>When set, Save also writes a cost-heads sidecar (path.costs) as the NAO controller does with cost guidance.</summary>
    public bool WritesCostSidecar { get; init; }

    public void Save(string path)
    {
        File.WriteAllText(path, _fitSeed.ToString(CultureInfo.InvariantCulture));
        if (WritesCostSidecar) File.WriteAllText(path + ".costs", $"cost heads of fit {_fitSeed}");
    }

    public void Load(string path)
    {
        _fitSeed = int.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture);
        _calls = 0;
        Loads++;
    }

    public void Dispose()
    {
    }
}
