namespace Nao.WeightSharing;

/// <summary>
/// Supernet checkpoints that live only as long as the search (comparisons, tests): nothing is saved to load back, but
/// the training curve is kept.
/// </summary>
public sealed class MemorySupernetCheckpoints : ISupernetCheckpoints
{
    private readonly List<SupernetEpochReport> _curve = [];

    /// <inheritdoc />
    public int LatestRound => 0;

    /// <inheritdoc />
    public bool TryLoad(int round, ISupernet supernet) => false;

    /// <inheritdoc />
    public void Save(int round, ISupernet supernet, IReadOnlyList<SupernetEpochReport> epochs) => _curve.AddRange(epochs);

    /// <inheritdoc />
    public IReadOnlyList<SupernetEpochReport> Curve() => _curve;
}
