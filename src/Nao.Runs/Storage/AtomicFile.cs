namespace Nao.Storage;

/// <summary>Writes files so that a reader (or a crash) sees the old content or the new one, never a mix.</summary>
public static class AtomicFile
{
    /// <summary>Writes text to a temporary file beside the target, flushes it to disk, then renames it over the target.</summary>
    public static void WriteAllText(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
