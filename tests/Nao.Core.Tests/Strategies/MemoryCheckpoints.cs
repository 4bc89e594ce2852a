using Nao.Strategies;

namespace Nao.Tests.Strategies;

/// <summary>Checkpoints kept as files in a temporary folder, surviving a simulated crash of the search.</summary>
internal sealed class MemoryCheckpoints : IOptimizerCheckpoints, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nao-ckpt-").FullName;

    public Dictionary<int, OptimizerFitReport> Saved { get; } = [];

    public Dictionary<int, FitBinding> Bindings { get; } = [];

    public bool TryLoad(FitBinding binding, IArchitectureOptimizer optimizer)
    {
        var path = Path.Combine(_folder, $"{binding.Round}.ckpt");
        if (!File.Exists(path) || Bindings.GetValueOrDefault(binding.Round) != binding) return false;
        optimizer.Load(path);
        return true;
    }

    public void Save(FitBinding binding, IArchitectureOptimizer optimizer, OptimizerFitReport report)
    {
        optimizer.Save(Path.Combine(_folder, $"{binding.Round}.ckpt"));
        Saved[binding.Round] = report;
        Bindings[binding.Round] = binding;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
