using System.Formats.Tar;
using System.IO.Compression;

namespace Nao.Data;

/// <summary>
/// Reads CIFAR-10 and CIFAR-100 in the official binary format (https://www.cs.toronto.edu/~kriz/cifar.html):
/// records of label byte(s) then 3,072 pixel bytes (1,024 R, 1,024 G, 1,024 B; rows of 32). CIFAR-10 has one label
/// byte and files <c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>; CIFAR-100 has a coarse and a fine label byte
/// (the fine one, 100 classes, is used) and files <c>train.bin</c>, <c>test.bin</c>. The path may be the extracted
/// folder, its parent, a folder holding the official <c>.tar.gz</c>, or the <c>.tar.gz</c> itself.
/// </summary>
public static class CifarReader
{
    private const int ImageBytes = 3 * 32 * 32;

    /// <summary>Reads both splits. A test file named <c>test_batch*.bin</c> stands in for <c>test_batch.bin</c> when that is absent.</summary>
    /// <exception cref="FileNotFoundException">The path or a required file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is truncated or corrupt; the message names it.</exception>
    public static ImageDatasetSplits Read(string path, bool cifar100)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var layout = new Layout(cifar100);
        if (File.Exists(path)) return ReadArchive(path, layout);
        if (!Directory.Exists(path))
        {
            throw DataFileErrors.Missing(path, $"a {layout.Name} folder or {layout.ArchiveName}",
                $"Pass --data with the folder that holds {layout.TrainFiles[0]} (or the official {layout.ArchiveName}).");
        }
        foreach (var folder in new[] { path, Path.Combine(path, layout.FolderName) })
        {
            if (File.Exists(Path.Combine(folder, layout.TrainFiles[0]))) return ReadFolder(folder, layout);
        }
        var archive = Path.Combine(path, layout.ArchiveName);
        if (File.Exists(archive)) return ReadArchive(archive, layout);
        throw DataFileErrors.Missing(Path.Combine(path, layout.TrainFiles[0]), $"the {layout.Name} binary batches",
            $"Extract {layout.ArchiveName} there, put the archive itself there, or pass --data with the right folder.");
    }

    private static ImageDatasetSplits ReadFolder(string folder, Layout layout)
    {
        var train = new List<(string Name, byte[] Bytes)>();
        foreach (var name in layout.TrainFiles)
        {
            var file = Path.Combine(folder, name);
            if (!File.Exists(file))
            {
                throw DataFileErrors.Missing(file, $"one of the {layout.TrainFiles.Length} {layout.Name} training files",
                    $"The folder is incomplete; extract {layout.ArchiveName} again.");
            }
            train.Add((file, File.ReadAllBytes(file)));
        }
        var testFile = FindTestFile(folder, layout);
        var test = testFile is null ? null : Decode([(testFile, File.ReadAllBytes(testFile))], layout);
        return new ImageDatasetSplits(layout.Name, Decode(train, layout), test);
    }

    private static string? FindTestFile(string folder, Layout layout)
    {
        var exact = Path.Combine(folder, layout.TestFile);
        if (File.Exists(exact)) return exact;
        var stem = Path.GetFileNameWithoutExtension(layout.TestFile);
        var candidates = Directory.GetFiles(folder, stem + "*.bin");
        return candidates.Length == 1 ? candidates[0] : null;
    }

    private static ImageDatasetSplits ReadArchive(string archive, Layout layout)
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = Path.GetFileName(entry.Name);
                if (entry.DataStream is null || (!layout.TrainFiles.Contains(name) && name != layout.TestFile)) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                members[name] = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw DataFileErrors.Corrupt(archive, $"it is not a complete .tar.gz archive ({e.Message})");
        }
        var train = new List<(string, byte[])>();
        foreach (var name in layout.TrainFiles)
        {
            if (!members.TryGetValue(name, out var bytes))
            {
                throw DataFileErrors.Corrupt(archive, $"it has no member {layout.FolderName}/{name}; is it the official {layout.ArchiveName}?");
            }
            train.Add(($"{archive}:{name}", bytes));
        }
        var test = members.TryGetValue(layout.TestFile, out var testBytes) ? Decode([($"{archive}:{layout.TestFile}", testBytes)], layout) : null;
        return new ImageDatasetSplits(layout.Name, Decode(train, layout), test);
    }

    private static ImageDataset Decode(IReadOnlyList<(string Name, byte[] Bytes)> files, Layout layout)
    {
        var record = layout.LabelBytes + ImageBytes;
        var total = 0;
        foreach (var (name, bytes) in files)
        {
            if (bytes.Length == 0 || bytes.Length % record != 0)
            {
                throw DataFileErrors.Truncated(name,
                    $"{bytes.Length:N0} bytes is not a whole number of {record:N0}-byte {layout.Name} records");
            }
            total += bytes.Length / record;
        }
        var pixels = new byte[(long)total * ImageBytes];
        var labels = new int[total];
        var index = 0;
        foreach (var (name, bytes) in files)
        {
            for (var offset = 0; offset < bytes.Length; offset += record, index++)
            {
                if (layout.LabelBytes == 2 && bytes[offset] >= 20)
                {
                    throw DataFileErrors.Corrupt(name, $"record {offset / record} has coarse label {bytes[offset]}, but CIFAR-100 has 20 superclasses");
                }
                int label = bytes[offset + layout.LabelBytes - 1];
                if (label >= layout.Classes)
                {
                    throw DataFileErrors.Corrupt(name, $"record {offset / record} has label {label}, but {layout.Name} labels are 0..{layout.Classes - 1}");
                }
                labels[index] = label;
                Buffer.BlockCopy(bytes, offset + layout.LabelBytes, pixels, index * ImageBytes, ImageBytes);
            }
        }
        var names = files.Select(f => Path.GetFileName(f.Name)).ToList();
        var source = names.Count == 5 && names[0] == "data_batch_1.bin" ? "data_batch_1..5.bin" : string.Join(", ", names);
        return new ImageDataset(source, pixels, labels, 3, 32, 32, layout.Classes);
    }

    private sealed class Layout(bool cifar100)
    {
        public string Name { get; } = cifar100 ? "cifar100" : "cifar10";
        public int LabelBytes { get; } = cifar100 ? 2 : 1;
        public int Classes { get; } = cifar100 ? 100 : 10;
        public string FolderName { get; } = cifar100 ? "cifar-100-binary" : "cifar-10-batches-bin";
        public string ArchiveName { get; } = cifar100 ? "cifar-100-binary.tar.gz" : "cifar-10-binary.tar.gz";
        public string[] TrainFiles { get; } = cifar100 ? ["train.bin"] : [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
        public string TestFile { get; } = cifar100 ? "test.bin" : "test_batch.bin";
    }
}
