using Nao.Experiments;
using Nao.Storage;

namespace Nao.Tests.Commands;

/// <summary>Reads a run folder's trials as comparable lines: index, round, architecture, status, score, record.</summary>
internal static class RunTrials
{
    public static List<string> Read(string runFolder)
    {
        using var store = RunStore.Open(runFolder);
        return [.. store.LoadTrials().Select(t => $"{t.Index} {t.Round} {t.Genotype} {t.Status} {t.Score:R} {t.Record.ToJsonString()}")];
    }

    public static IReadOnlyList<Trial> Trials(string runFolder)
    {
        using var store = RunStore.Open(runFolder);
        return store.LoadTrials();
    }
}
