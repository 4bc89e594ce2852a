using System.Security.Cryptography;
using System.Text;

namespace Nao.Persistence;

/// <summary>
/// The checked envelope shared by Nao's binary files (saved controller, convolutional and recurrent supernets).
/// Layout: an 8-byte magic (a 7-letter ASCII header and a zero byte, e.g. <c>NAOCTRL\0</c>), an int32 format
/// version, an int64 payload length, the payload, and the SHA-256 of the payload, all little-endian; so truncation
/// and corruption are caught before a single tensor is read. Files are written atomically: to a temporary file in
/// the same folder, flushed to disk, then renamed over the target, so a crash leaves the old file or the new one.
/// </summary>
/// <remarks>
/// It lives in its own <c>Persistence</c> folder rather than <c>Runtime</c> (which is about loading TorchSharp's
/// native libraries) or <c>Nao.Core/Storage</c> (public, text-only run storage): it is a file-format concern that
/// the persisted types of several folders of this assembly share, and it needs no TorchSharp. Each owner keeps its
/// own payload and its own payload-specific messages; the envelope's messages name the file, the kind and the fix.
/// </remarks>
internal sealed class CheckedFile
{
    /// <summary>Bytes before the payload: magic (8), format version (4), payload length (8).</summary>
    public const int HeaderSize = 8 + 4 + 8;

    /// <summary>Bytes after the payload: its SHA-256.</summary>
    public const int HashSize = 32;

    private readonly byte[] _magic;

    /// <summary>Describes one file format.</summary>
    /// <param name="header">The 7 ASCII letters of the magic, without its trailing zero byte, e.g. <c>NAOSUPN</c>.</param>
    /// <param name="version">The format version written, and the only one read.</param>
    /// <param name="kind">What the file holds, lower case, for messages, e.g. <c>controller</c> or <c>recurrent supernet</c>.</param>
    public CheckedFile(string header, int version, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (header is null || header.Length != 7 || !header.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"The header must be 7 ASCII letters or digits, not '{header}'.", nameof(header));
        }
        Header = header;
        Version = version;
        Kind = kind;
        _magic = Encoding.ASCII.GetBytes(header + "\0");
    }

    /// <summary>The 7 ASCII letters of the magic, e.g. <c>NAOCTRL</c>.</summary>
    public string Header { get; }

    /// <summary>The format version written, and the only one read.</summary>
    public int Version { get; }

    /// <summary>What the file holds, lower case, for messages.</summary>
    public string Kind { get; }

    /// <summary>Writes <paramref name="payload"/> in the envelope, atomically.</summary>
    public void Write(string path, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // In the same folder, so the rename is atomic; a unique name, so concurrent writers never share one.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(file))
            {
                writer.Write(_magic);
                writer.Write(Version);
                writer.Write((long)payload.Length);
                writer.Write(payload);
                writer.Write(SHA256.HashData(payload));
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

    /// <summary>Writes, atomically, the payload that <paramref name="writePayload"/> writes (strings as UTF-8).</summary>
    public void Write(string path, Action<BinaryWriter> writePayload)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writePayload(writer);
        }
        Write(path, payload.GetBuffer().AsSpan(0, (int)payload.Length));
    }

    /// <summary>Reads and checks a file; returns a read-only stream over its payload (no copy of the bytes).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Another magic, another format version, truncated or extended, or a checksum mismatch.</exception>
    public MemoryStream OpenPayload(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{char.ToUpperInvariant(Kind[0])}{Kind[1..]} file '{path}' does not exist. Pass the path of a file written by saving a {Kind}.", path);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, _magic.Length).SequenceEqual(_magic))
        {
            throw new InvalidDataException($"'{path}' is not a Nao {Kind} file: it does not start with the {Header} header.");
        }
        var version = BitConverter.ToInt32(bytes, 8);
        if (version != Version)
        {
            throw new InvalidDataException($"'{path}' is a {Kind} file of format version {version}; this Nao reads version {Version}. Train and save the {Kind} again with this version.");
        }
        var length = BitConverter.ToInt64(bytes, 12);
        if (length < 0 || bytes.LongLength != HeaderSize + length + HashSize)
        {
            throw new InvalidDataException($"'{path}' is truncated or damaged: its header promises {HeaderSize + length + HashSize} bytes, the file has {bytes.LongLength}. Save the {Kind} again.");
        }
        var payload = bytes.AsSpan(HeaderSize, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(HeaderSize + (int)length, HashSize)))
        {
            throw new InvalidDataException($"'{path}' is corrupt: its checksum does not match its contents. Save the {Kind} again.");
        }
        return new MemoryStream(bytes, HeaderSize, (int)length, writable: false);
    }

    /// <summary>Reads and checks a file; returns a copy of its payload.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Another magic, another format version, truncated or extended, or a checksum mismatch.</exception>
    public byte[] ReadPayload(string path)
    {
        using var payload = OpenPayload(path);
        return payload.ToArray();
    }
}
