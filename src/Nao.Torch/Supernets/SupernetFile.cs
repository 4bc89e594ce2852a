using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// The file format of a saved supernet, on the pattern of <see cref="Controller.ControllerFile"/>. Layout: the 8
/// bytes <c>NAOSUPN\0</c>, an int32 format version, an int64 payload length, the payload, and the SHA-256 of the
/// payload, so that truncation and corruption are caught before any tensor is read. Payload: the fingerprint of the
/// settings and data shape the weights belong to, the completed-epoch counter, the network's state dictionary and
/// the SGD state (momentum buffers) in TorchSharp's formats.
/// </summary>
internal static class SupernetFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "NAOSUPN\0"u8.ToArray();

    private const int HeaderSize = 8 + 4 + 8;
    private const int HashSize = 32;

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string fingerprint, int completedEpochs, nn.Module network, OptimizerHelper optimizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(fingerprint);
            writer.Write(completedEpochs);
            network.save(writer);
            optimizer.save_state_dict(writer);
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

    /// <summary>
    /// Reads and checks a file, then loads the weights and optimizer state into <paramref name="network"/> and
    /// <paramref name="optimizer"/>; returns the completed-epoch counter. Nothing is loaded unless the header, the
    /// checksum and the fingerprint all match.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a supernet file, another format version, truncated, corrupt, or of other settings.</exception>
    public static int Read(string path, string fingerprint, nn.Module network, OptimizerHelper optimizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Supernet file '{path}' does not exist. Pass the path of a file written by saving a supernet.", path);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Nao supernet file: it does not start with the NAOSUPN header.");
        }
        var version = BitConverter.ToInt32(bytes, 8);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is a supernet file of format version {version}; this Nao reads version {FormatVersion}. Train the supernet again with this version.");
        }
        var length = BitConverter.ToInt64(bytes, 12);
        if (length < 0 || bytes.LongLength != HeaderSize + length + HashSize)
        {
            throw new InvalidDataException($"'{path}' is truncated or damaged: its header promises {HeaderSize + length + HashSize} bytes, the file has {bytes.LongLength}. Save the supernet again.");
        }
        var payload = bytes.AsSpan(HeaderSize, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(HeaderSize + (int)length, HashSize)))
        {
            throw new InvalidDataException($"'{path}' is corrupt: its checksum does not match its contents. Save the supernet again.");
        }
        using var reader = new BinaryReader(new MemoryStream(bytes, HeaderSize, (int)length, writable: false), Encoding.UTF8);
        var saved = reader.ReadString();
        if (!string.Equals(saved, fingerprint, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"'{path}' holds a supernet of other settings ({saved}), not of this one ({fingerprint}). " +
                "Load it into a supernet built with the same settings, or start the supernet afresh.");
        }
        var completedEpochs = reader.ReadInt32();
        try
        {
            network.load(reader, strict: true);
            optimizer.load_state_dict(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("bytes are left over after the optimizer state");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}': the saved state does not fit this supernet ({e.Message}). Start the supernet afresh.", e);
        }
        return completedEpochs;
    }
}
