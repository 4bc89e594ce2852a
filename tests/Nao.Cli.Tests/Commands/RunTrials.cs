using Microsoft.Data.Sqlite;
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

    /// <summary>
    /// Asserts that two runs hold the same trials, line by line; a failure shows the first differing trial of each in
    /// full (xunit's collection diff cuts long lines short).
    /// </summary>
    public static void AssertSame(string expectedFolder, string actualFolder)
    {
        var (expected, actual) = (Read(expectedFolder), Read(actualFolder));
        var first = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(first < 0, first < 0 ? "" : $"trial {first} differs:\nexpected {expected[first]}\nactual   {actual[first]}");
        Assert.Equal(expected.Count, actual.Count);
    }

    public static IReadOnlyList<Trial> Trials(string runFolder)
    {
        using var store = RunStore.Open(runFolder);
        return store.LoadTrials();
    }

    /// <summary>Runs one SQL statement on a run folder's run.db, as a user editing or damaging it by hand would.</summary>
    public static void Sql(string runFolder, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(runFolder, RunStore.DatabaseFile)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
