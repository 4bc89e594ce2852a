namespace Nao.Data;

/// <summary>
/// Decoded image folders kept in memory, so that every reader of the same folder in one process (a search's
/// evaluator, its supernet, its final retraining, the tests) decodes each image once. Entries are keyed by the root,
/// the reading options and every file's path, length and modification time, so a changed file is decoded again. The
/// least recently used entries are dropped once the cached pixels exceed <see cref="CapacityBytes"/>.
/// Thread-safe.
/// </summary>
public sealed class ImageFolderCache
{
    private readonly Lock gate = new();
    private readonly LinkedList<(string Key, ImageDatasetSplits Splits, long Bytes)> entries = new();
    private long bytes;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="capacityBytes">Pixel bytes kept at most; default 4 GiB (two image folders of the 2 GiB one data set holds).</param>
    public ImageFolderCache(long capacityBytes = 4L << 30)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    /// <summary>
    /// The process's cache, which <see cref="ImageDatasets.Load"/> uses. A process-wide cache is the point: the
    /// evaluator and the supernet of one search are built far apart and share nothing else.
    /// </summary>
    public static ImageFolderCache Shared { get; } = new();

    /// <summary>Pixel bytes kept at most.</summary>
    public long CapacityBytes { get; }

    /// <summary>Reads answered from the cache.</summary>
    public int Hits { get; private set; }

    /// <summary>Reads that decoded the images.</summary>
    public int Misses { get; private set; }

    /// <summary>The cached splits for <paramref name="key"/>, or else decodes them with <paramref name="read"/> and keeps them.</summary>
    internal ImageDatasetSplits GetOrRead(string key, Func<ImageDatasetSplits> read)
    {
        lock (gate)
        {
            for (var node = entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key != key) continue;
                entries.Remove(node);
                entries.AddFirst(node);
                Hits++;
                return node.Value.Splits;
            }
            Misses++;
        }
        // Decoding happens outside the lock; two readers of one new folder at once both decode it, which is rare and harmless.
        var splits = read();
        var size = Size(splits);
        lock (gate)
        {
            if (size > CapacityBytes) return splits;
            entries.AddFirst((key, splits, size));
            bytes += size;
            while (bytes > CapacityBytes && entries.Last is { } last)
            {
                bytes -= last.Value.Bytes;
                entries.RemoveLast();
            }
        }
        return splits;
    }

    private static long Size(ImageDatasetSplits s) =>
        (long)s.Train.Pixels.Length + (s.Dev?.Pixels.Length ?? 0) + (s.Test?.Pixels.Length ?? 0);
}
