using System.Text;
using Nao.Persistence;

namespace Nao.Supernets;

/// <summary>
/// The file format of a saved <see cref="RecurrentSupernet"/>: the <see cref="CheckedFile"/> envelope with the header
/// <c>NAORNWS</c>, so that truncation and corruption are caught before any tensor is read. Payload: the settings
/// fingerprint, the epoch counter, then the caller's tensors (model state dictionary and optimizer state in
/// TorchSharp's formats).
/// </summary>
internal static class RecurrentSupernetFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly CheckedFile Envelope = new("NAORNWS", FormatVersion, "recurrent supernet");

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string fingerprint, int epoch, Action<BinaryWriter> writeState) =>
        Envelope.Write(path, writer =>
        {
            writer.Write(fingerprint);
            writer.Write(epoch);
            writeState(writer);
        });

    /// <summary>
    /// Reads and checks a file written with <paramref name="fingerprint"/>, then hands the state to
    /// <paramref name="readState"/>; returns the saved epoch counter.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a supernet file, another version, truncated, corrupt, of other settings, or its state does not fit.</exception>
    public static int Read(string path, string fingerprint, Action<BinaryReader> readState)
    {
        using var reader = new BinaryReader(Envelope.OpenPayload(path), Encoding.UTF8);
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
