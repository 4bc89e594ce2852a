using System.Security.Cryptography;
using System.Text;

namespace Nao.Supernets;

/// <summary>
/// The file format of a saved <see cref="RecurrentSupernet"/>, on the pattern of the controller's file: the 8 bytes
/// <c>NAORNWS\0</c>, an int32 format version, an int64 payload length, the payload, and the SHA-256 of the payload,
/// so that truncation and corruption are caught before any tensor is read. Payload: the settings fingerprint, the
/// epoch counter, then the caller's tensors (model state dictionary and optimizer state in TorchSharp's formats).
/// </summary>
internal static class RecurrentSupernetFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "NAORNWS\0"u8.ToArray();

    private const int HeaderSize = 8 + 4 + 8;
    private const int HashSize = 32;

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string fingerprint, int epoch, Action<BinaryWriter> writeState)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(fingerprint);
            writer.Write(epoch);
            writeState(writer);
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
    /// Reads and checks a file written with <paramref name="fingerprint"/>, then hands the state to
    /// <paramref name="readState"/>; returns the saved epoch counter.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a supernet file, another version, truncated, corrupt, of other settings, or its state does not fit.</exception>
    public static int Read(string path, string fingerprint, Action<BinaryReader> readState)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Supernet file '{path}' does not exist. Pass the path of a file written by saving a supernet.", path);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Nao recurrent supernet file: it does not start with the NAORNWS header.");
        }
        var version = BitConverter.ToInt32(bytes, 8);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' is a recurrent supernet file of format version {version}; this Nao reads version {FormatVersion}. Train the supernet again with this version.");
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
                $"'{path}' holds a supernet of other settings ({saved}), not of these ({fingerprint}). Load it with the settings it was trained with, or start a new supernet.");
        }
        var epoch = reader.ReadInt32();
        try
        {
            readState(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length) throw new InvalidDataException("bytes are left over after the state");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}': the saved state does not fit this supernet ({e.Message}).", e);
        }
        return epoch;
    }
}
