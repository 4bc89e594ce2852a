using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Nao.Tests.Data;

/// <summary>Writes tiny data files in the exact official layouts (CIFAR binary records, IDX), so readers are tested without the real data.</summary>
public static class OfficialFiles
{
    /// <summary>The label of record <paramref name="index"/> of a generated file.</summary>
    public static int Label(int index, int classes) => (index * 7 + 3) % classes;

    /// <summary>Pixel byte <paramref name="offset"/> of image <paramref name="index"/>.</summary>
    public static byte Pixel(int index, int offset) => (byte)((index * 31 + offset * 13) % 251);

    /// <summary>CIFAR records: label byte(s) then 3,072 pixels; images are numbered from <paramref name="first"/>.</summary>
    public static byte[] CifarRecords(int first, int count, bool cifar100)
    {
        var labelBytes = cifar100 ? 2 : 1;
        var record = labelBytes + 3072;
        var bytes = new byte[count * record];
        for (var r = 0; r < count; r++)
        {
            var index = first + r;
            if (cifar100)
            {
                bytes[r * record] = (byte)(Label(index, 100) / 5);
                bytes[r * record + 1] = (byte)Label(index, 100);
            }
            else
            {
                bytes[r * record] = (byte)Label(index, 10);
            }
            for (var p = 0; p < 3072; p++) bytes[r * record + labelBytes + p] = Pixel(index, p);
        }
        return bytes;
    }

    /// <summary>
    /// A tiny CIFAR-10: five training batches of <paramref name="perBatch"/> images and a test batch, named
    /// <c>data_batch_N.partial.bin</c> and <c>test_batch.partial.bin</c> because files with the official names must
    /// hold the official 10,000 records.
    /// </summary>
    public static Dictionary<string, byte[]> Cifar10Sample(int perBatch, int test)
    {
        var files = new Dictionary<string, byte[]>();
        for (var b = 0; b < 5; b++) files[$"data_batch_{b + 1}.partial.bin"] = CifarRecords(b * perBatch, perBatch, cifar100: false);
        files["test_batch.partial.bin"] = CifarRecords(10_000, test, cifar100: false);
        files["batches.meta.txt"] = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"u8.ToArray();
        return files;
    }

    /// <summary>Writes files into a folder.</summary>
    public static void WriteFolder(string folder, Dictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }

    /// <summary>Writes a .tar.gz whose members sit in <paramref name="prefix"/>/, as the official archives do.</summary>
    public static void WriteTarGz(string path, string prefix, Dictionary<string, byte[]> files)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, prefix + "/"));
        foreach (var (name, bytes) in files)
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{prefix}/{name}") { DataStream = new MemoryStream(bytes) });
        }
    }

    /// <summary>An IDX file of unsigned bytes with the given shape.</summary>
    public static byte[] Idx(int[] shape, Func<int, byte> value)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        var bytes = new byte[4 + 4 * shape.Length + count];
        bytes[2] = 0x08;
        bytes[3] = (byte)shape.Length;
        for (var d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        for (var i = 0; i < count; i++) bytes[4 + 4 * shape.Length + i] = value(i);
        return bytes;
    }

    /// <summary>Gzip-compresses bytes.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>The four (Fashion-)MNIST files with <paramref name="train"/> and <paramref name="test"/> images of 28×28.</summary>
    public static Dictionary<string, byte[]> Mnist(int train, int test, bool gzip)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = Idx([train, 28, 28], i => Pixel(i / 784, i % 784)),
            ["train-labels-idx1-ubyte"] = Idx([train], i => (byte)Label(i, 10)),
            ["t10k-images-idx3-ubyte"] = Idx([test, 28, 28], i => Pixel(100_000 + i / 784, i % 784)),
            ["t10k-labels-idx1-ubyte"] = Idx([test], i => (byte)Label(100_000 + i, 10)),
        };
        return gzip ? files.ToDictionary(f => f.Key + ".gz", f => Gzip(f.Value)) : files;
    }
}
