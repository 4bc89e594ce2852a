using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.SearchSpaces;

namespace Nao.Controller;

/// <summary>
/// The file format of a saved controller. Layout: the 8 bytes <c>NAOCTRL\0</c>, an int32 format version, an int64
/// payload length, the payload, and the SHA-256 of the payload, so that truncation and corruption are caught before
/// any tensor is read. Payload: space name, options as JSON, the score range of the last fit (min, max), then the
/// network's state dictionary in TorchSharp's format.
/// </summary>
internal static class ControllerFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "NAOCTRL\0"u8.ToArray();

    private const int HeaderSize = 8 + 4 + 8;
    private const int HashSize = 32;

    /// <summary>What a file holds, the network already built and loaded.</summary>
    public sealed record Contents(ControllerOptions Options, double ScoreMin, double ScoreMax, ControllerNetwork Network);

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string spaceName, ControllerOptions options, double scoreMin, double scoreMax, ControllerNetwork network)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(spaceName);
            writer.Write(options.ToJson().ToJsonString());
            writer.Write(scoreMin);
            writer.Write(scoreMax);
            network.save(writer);
        }
        var bytes = payload.ToArray();
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(file))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
                writer.Write(SHA256.HashData(bytes));
                writer.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Reads and checks a file, then builds the network of its options and loads the weights.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a controller file, another format version, truncated, corrupt, or of another space.</exception>
    public static Contents Read(string path, ISearchSpace space)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Controller file '{path}' does not exist. Pass the path of a file written by saving a trained controller.", path);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Nao controller file: it does not start with the NAOCTRL header.");
        }
        var version = BitConverter.ToInt32(bytes, 8);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is a controller file of format version {version}; this Nao reads version {FormatVersion}. Train and save the controller again with this version.");
        }
        var length = BitConverter.ToInt64(bytes, 12);
        if (length < 0 || bytes.LongLength != HeaderSize + length + HashSize)
        {
            throw new InvalidDataException($"'{path}' is truncated or damaged: its header promises {HeaderSize + length + HashSize} bytes, the file has {bytes.LongLength}. Save the controller again.");
        }
        var payload = bytes.AsSpan(HeaderSize, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(HeaderSize + (int)length, HashSize)))
        {
            throw new InvalidDataException($"'{path}' is corrupt: its checksum does not match its contents. Save the controller again.");
        }
        using var reader = new BinaryReader(new MemoryStream(bytes, HeaderSize, (int)length, writable: false), Encoding.UTF8);
        var spaceName = reader.ReadString();
        if (!string.Equals(spaceName, space.Name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' holds a controller for the '{spaceName}' search space, not '{space.Name}'. Load it into a controller of the '{spaceName}' space.");
        }
        ControllerOptions options;
        try
        {
            // Every field is in the file, so the space's defaults that FromJson starts from are all replaced.
            options = ControllerOptions.FromJson(JsonNode.Parse(reader.ReadString())?.AsObject(), space);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}' holds invalid controller options: {e.Message}", e);
        }
        var scoreMin = reader.ReadDouble();
        var scoreMax = reader.ReadDouble();
        var network = new ControllerNetwork(space.Tokenizer, options);
        try
        {
            network.load(reader, strict: true);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("bytes are left over after the weights");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException($"'{path}': the saved weights do not fit a controller with the saved options ({e.Message}).", e);
        }
        return new Contents(options, scoreMin, scoreMax, network);
    }
}
