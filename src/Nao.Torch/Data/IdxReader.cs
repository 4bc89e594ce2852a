using System.Buffers.Binary;
using System.IO.Compression;

namespace Nao.Data;

/// <summary>
/// Reads IDX files (the MNIST and Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/): two zero bytes, a type
/// byte (0x08 = unsigned byte), the number of dimensions, each dimension as a big-endian 32-bit integer, then the
/// data. Gzip-compressed files (<c>.gz</c>, or any file starting with the gzip magic) are decompressed on the fly.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an unsigned-byte IDX file of <paramref name="dimensions"/> dimensions.</summary>
    /// <returns>The sizes of the dimensions and the data in row-major order.</returns>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The header is wrong or the data is truncated; the message names the file.</exception>
    public static (int[] Shape, byte[] Data) Read(string path, int dimensions)
    {
        if (!File.Exists(path)) throw DataFileErrors.Missing(path, "an IDX file", "Pass --data with the folder that holds it.");
        var bytes = ReadAllDecompressed(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw DataFileErrors.Corrupt(path, "it does not start with the IDX magic number (two zero bytes, type, dimensions)");
        }
        if (bytes[2] != 0x08) throw DataFileErrors.Corrupt(path, $"its data type is 0x{bytes[2]:x2}, but images and labels are unsigned bytes (0x08)");
        if (bytes[3] != dimensions)
        {
            throw DataFileErrors.Corrupt(path, $"it has {bytes[3]} dimensions where {dimensions} are expected ({(dimensions == 1 ? "labels" : "images")})");
        }
        var header = 4 + 4 * dimensions;
        if (bytes.Length < header) throw DataFileErrors.Truncated(path, "the header ends early");
        var shape = new int[dimensions];
        long expected = 1;
        for (var d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (shape[d] <= 0) throw DataFileErrors.Corrupt(path, $"dimension {d} has size {shape[d]}");
            expected *= shape[d];
        }
        if (bytes.Length - header != expected)
        {
            throw DataFileErrors.Truncated(path, $"the header promises {expected:N0} data bytes ({string.Join('×', shape)}) but the file holds {bytes.Length - header:N0}");
        }
        return (shape, bytes[header..]);
    }

    private static byte[] ReadAllDecompressed(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw DataFileErrors.Corrupt(path, $"its gzip stream is damaged ({e.Message})");
        }
    }
}
