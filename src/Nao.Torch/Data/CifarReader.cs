using System.Formats.Tar;
using System.IO.Compression;

namespace Nao.Data;

/// <summary>
/// Reads CIFAR-10 and CIFAR-100 in the official binary format (https://www.cs.toronto.edu/~kriz/cifar.html):
/// records of label byte(s) then 3,072 pixel bytes (1,024 R, 1,024 G, 1,024 B; rows of 32). CIFAR-10 has one label
/// byte and files <c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>; CIFAR-100 has a coarse and a fine label byte
/// (the fine one, 100 classes, is used) and files <c>train.bin</c>, <c>test.bin</c>. The path may be the extracted
/// folder, its parent, a folder holding the official <c>.tar.gz</c>, or the <c>.tar.gz</c> itself.
/// <para>
/// A file with an official name must hold the official number of records (10,000 in each CIFAR-10 batch and in
/// either test file, 50,000 in CIFAR-100's <c>train.bin</c>): a copy cut at a record boundary has a plausible length,
/// and would otherwise train on fewer images without a word. A deliberately smaller copy (a sample, a test fixture)
/// takes a name ending in <c>.partial.bin</c> instead, e.g. <c>data_batch_1.partial.bin</c> or
/// <c>test_batch_first1000.partial.bin</c>; it stands in for the official file when that is absent, any whole number
/// of records is accepted, and its name shows in <see cref="ImageDataset.Source"/>.
/// </para>
/// </summary>
public static class CifarReader
{
    private const int ImageBytes = 3 * 32 * 32;
    private const string PartialSuffix = ".partial.bin";

    /// <summary>
    /// Reads both splits. A file <c>data_batch_N*.partial.bin</c> (<c>train*.partial.bin</c>) stands in for an absent
    /// official training file, and any one <c>test_batch*.bin</c> (<c>test*.bin</c>) for an absent official test file.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path or a required file is missing.</exception>
    /// <exception cref="InvalidDataException">
    /// A file is truncated or corrupt, or a file with an official name holds another number of records than the
    /// official one; the message names it.
    /// </exception>
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
            if (Directory.Exists(folder) && FindTrainFile(BinFiles(folder), layout.TrainFiles[0], folder) is not null) return ReadFolder(folder, layout);
        }
        var archive = Path.Combine(path, layout.ArchiveName);
        if (File.Exists(archive)) return ReadArchive(archive, layout);
        throw DataFileErrors.Missing(Path.Combine(path, layout.TrainFiles[0]), $"the {layout.Name} binary batches",
            $"Extract {layout.ArchiveName} there, put the archive itself there, or pass --data with the right folder.");
    }

    private static ImageDatasetSplits ReadFolder(string folder, Layout layout)
    {
        var names = BinFiles(folder);
        var train = new List<(string Name, byte[] Bytes)>();
        foreach (var official in layout.TrainFiles)
        {
            var name = FindTrainFile(names, official, folder);
            if (name is null)
            {
                throw DataFileErrors.Missing(Path.Combine(folder, official), $"one of the {layout.TrainFiles.Length} {layout.Name} training files",
                    $"The folder is incomplete; extract {layout.ArchiveName} again.");
            }
            var file = Path.Combine(folder, name);
            train.Add((file, File.ReadAllBytes(file)));
        }
        var testName = FindTestFile(names, layout);
        var test = testName is null ? null : Decode([(Path.Combine(folder, testName), File.ReadAllBytes(Path.Combine(folder, testName)))], layout);
        return new ImageDatasetSplits(layout.Name, Decode(train, layout), test);
    }

    private static string[] BinFiles(string folder) => [.. Directory.GetFiles(folder, "*.bin").Select(f => Path.GetFileName(f))];

    /// <summary>The official training file's name, or the one <c>.partial.bin</c> file that stands in for it; null when neither is there.</summary>
    /// <exception cref="InvalidDataException">Several partial files could stand in for it.</exception>
    private static string? FindTrainFile(IReadOnlyCollection<string> names, string official, string where)
    {
        if (names.Contains(official)) return official;
        var stem = Path.GetFileNameWithoutExtension(official);
        var candidates = names.Where(n => n.StartsWith(stem, StringComparison.Ordinal) && n.EndsWith(PartialSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (candidates.Count > 1)
        {
            throw new InvalidDataException(
                $"{where}: {string.Join(" and ", candidates)} could each stand in for {official}. Keep one of them (or the official {official}).");
        }
        return candidates.SingleOrDefault();
    }

    // The official test file, or else the one test file of another name (a partial copy); several of those: no test split.
    private static string? FindTestFile(IReadOnlyCollection<string> names, Layout layout)
    {
        if (names.Contains(layout.TestFile)) return layout.TestFile;
        var stem = Path.GetFileNameWithoutExtension(layout.TestFile);
        var candidates = names.Where(n => n.StartsWith(stem, StringComparison.Ordinal)).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
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
                if (entry.DataStream is null || !name.EndsWith(".bin", StringComparison.Ordinal)) continue;
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
        foreach (var official in layout.TrainFiles)
        {
            var name = FindTrainFile(members.Keys, official, archive)
                ?? throw DataFileErrors.Corrupt(archive, $"it has no member {layout.FolderName}/{official}; is it the official {layout.ArchiveName}?");
            train.Add(($"{archive}:{name}", members[name]));
        }
        var testName = FindTestFile(members.Keys, layout);
        var test = testName is null ? null : Decode([($"{archive}:{testName}", members[testName])], layout);
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
            var records = bytes.Length / record;
            if (layout.OfficialRecords(FileName(name)) is { } official && records != official)
            {
                throw DataFileErrors.WrongRecordCount(name, records, official, layout.ArchiveName,
                    Path.GetFileNameWithoutExtension(FileName(name)) + PartialSuffix);
            }
            total += records;
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
        var names = files.Select(f => FileName(f.Name)).ToList();
        var source = names.SequenceEqual(layout.TrainFiles) && names.Count == 5 ? "data_batch_1..5.bin"
            : names.SequenceEqual(layout.TrainFiles.Select(Partial)) && names.Count == 5 ? "data_batch_1..5" + PartialSuffix
            : string.Join(", ", names);
        return new ImageDataset(source, pixels, labels, 3, 32, 32, layout.Classes);
    }

    // A file's name without the folder or the archive ("archive.tar.gz:data_batch_1.bin").
    private static string FileName(string name) => Path.GetFileName(name[(name.LastIndexOf(':') + 1)..]);

    private static string Partial(string official) => Path.GetFileNameWithoutExtension(official) + PartialSuffix;

    private sealed class Layout(bool cifar100)
    {
        public string Name { get; } = cifar100 ? "cifar100" : "cifar10";
        public int LabelBytes { get; } = cifar100 ? 2 : 1;
        public int Classes { get; } = cifar100 ? 100 : 10;
        public string FolderName { get; } = cifar100 ? "cifar-100-binary" : "cifar-10-batches-bin";
        public string ArchiveName { get; } = cifar100 ? "cifar-100-binary.tar.gz" : "cifar-10-binary.tar.gz";
        public string[] TrainFiles { get; } = cifar100 ? ["train.bin"] : [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
        public string TestFile { get; } = cifar100 ? "test.bin" : "test_batch.bin";

        /// <summary>The records of the official file <paramref name="name"/>; null for a name the official data set does not use.</summary>
        public int? OfficialRecords(string name) =>
            name == TestFile ? 10_000
            : TrainFiles.Contains(name) ? 50_000 / TrainFiles.Length
            : null;
    }
}
