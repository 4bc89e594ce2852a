using System.Text;
using Nao.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nao.Supernets;

/// <summary>
/// The file format of a saved supernet: the <see cref="CheckedFile"/> envelope with the header <c>NAOSUPN</c>, so
/// that truncation and corruption are caught before any tensor is read. Payload: the fingerprint of the settings
/// and data shape the weights belong to, the completed-epoch counter, the network's state dictionary and the SGD
/// state (momentum buffers) in TorchSharp's formats.
/// </summary>
internal static class SupernetFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly CheckedFile Envelope = new("NAOSUPN", FormatVersion, "supernet");

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string fingerprint, int completedEpochs, nn.Module network, OptimizerHelper optimizer) =>
        Envelope.Write(path, writer =>
        {
            writer.Write(fingerprint);
            writer.Write(completedEpochs);
            network.save(writer);
            optimizer.save_state_dict(writer);
        });

    /// <summary>
    /// Reads and checks a file, then loads the weights and optimizer state into <paramref name="network"/> and
    /// <paramref name="optimizer"/>; returns the completed-epoch counter. Nothing is loaded unless the header, the
    /// checksum and the fingerprint all match.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a supernet file, another format version, truncated, corrupt, or of other settings.</exception>
    public static int Read(string path, string fingerprint, nn.Module network, OptimizerHelper optimizer)
    {
        using var reader = new BinaryReader(Envelope.OpenPayload(path), Encoding.UTF8);
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
