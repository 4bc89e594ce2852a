using Nao.WeightSharing;

namespace Nao.Tests.WeightSharing;

/// <summary>Supernet checkpoints as files in a temporary folder, surviving a simulated crash of the search.</summary>
internal sealed class FolderSupernetCheckpoints : ISupernetCheckpoints, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nao-supernet-").FullName;
    private readonly SortedDictionary<int, IReadOnlyList<SupernetEpochReport>> _saved = [];

    public int LatestRound => _saved.Count == 0 ? 0 : _saved.Keys.Max();

    public bool TryLoad(int round, ISupernet supernet)
    {
        var path = Path.Combine(_folder, $"{round}.bin");
        if (!File.Exists(path)) return false;
        supernet.Load(path);
        return true;
    }

    public void Save(int round, ISupernet supernet, IReadOnlyList<SupernetEpochReport> epochs)
    {
        supernet.Save(Path.Combine(_folder, $"{round}.bin"));
        _saved[round] = epochs;
    }

    public IReadOnlyList<SupernetEpochReport> Curve() => [.. _saved.Values.SelectMany(e => e)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
