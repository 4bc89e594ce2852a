namespace Nao.WeightSharing;

/// <summary>
/// Where the NAO-WS loop keeps the supernet after each round's training, with the epochs' reports (the supernet's
/// training curve). A resumed search skips the training of every round before the latest saved one (all their
/// scorings are stored) and loads the latest, so it continues with the weights the interrupted search had.
/// </summary>
public interface ISupernetCheckpoints
{
    /// <summary>The last round whose trained supernet was saved; 0 when none.</summary>
    int LatestRound { get; }

    /// <summary>Restores the supernet saved after round <paramref name="round"/>'s training; false when there is none.</summary>
    bool TryLoad(int round, ISupernet supernet);

    /// <summary>Saves the supernet after round <paramref name="round"/>'s training, atomically, with its epochs' reports.</summary>
    void Save(int round, ISupernet supernet, IReadOnlyList<SupernetEpochReport> epochs);

    /// <summary>Every saved epoch report, in order (the training curve over the whole search).</summary>
    IReadOnlyList<SupernetEpochReport> Curve();
}
