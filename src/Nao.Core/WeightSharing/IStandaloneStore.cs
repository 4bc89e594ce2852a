namespace Nao.WeightSharing;

/// <summary>Where the final retraining of a weight-sharing search keeps its results, one committed row per architecture.</summary>
public interface IStandaloneStore
{
    /// <summary>The results saved so far, tops first, each role by rank.</summary>
    IReadOnlyList<StandaloneResult> LoadStandalone();

    /// <summary>Saves one result (replacing one of the same role and rank), durably.</summary>
    void SaveStandalone(StandaloneResult result);
}
