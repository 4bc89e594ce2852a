using Nao.Strategies;

namespace Nao.Tests.Strategies;

/// <summary>Checkpoints kept as files in a temporary folder, surviving a simulated crash of the search.</summary>
internal sealed class MemoryCheckpoints : IOptimizerCheckpoints, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nao-ckpt-").FullName;

    public Dictionary<int, OptimizerFitReport> Saved { get; } = [];

    public bool TryLoad(int round, IArchitectureOptimizer optimizer)
    {
        var path = Path.Combine(_folder, $"{round}.ckpt");
        if (!File.Exists(path)) return false;
        optimizer.Load(path);
        return true;
    }

    public void Save(int round, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        optimizer.Save(Path.Combine(_folder, $"{round}.ckpt"));
        Saved[round] = report;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
