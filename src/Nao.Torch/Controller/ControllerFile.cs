using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nao.Persistence;
using Nao.SearchSpaces;

namespace Nao.Controller;

/// <summary>
/// The file format of a saved controller: the <see cref="CheckedFile"/> envelope with the header <c>NAOCTRL</c>, so
/// that truncation and corruption are caught before any tensor is read. Payload: space name, options as JSON, the
/// score range of the last fit (min, max), then the network's state dictionary in TorchSharp's format.
/// </summary>
internal static class ControllerFile
{
    /// <summary>The format version written, and the only one read.</summary>
    public const int FormatVersion = 1;

    private static readonly CheckedFile Envelope = new("NAOCTRL", FormatVersion, "controller");

    /// <summary>What a file holds, the network already built and loaded.</summary>
    public sealed record Contents(ControllerOptions Options, double ScoreMin, double ScoreMax, ControllerNetwork Network);

    /// <summary>Writes the file atomically: to a temporary file in the same folder, then renamed over the target.</summary>
    public static void Write(string path, string spaceName, ControllerOptions options, double scoreMin, double scoreMax, ControllerNetwork network) =>
        Envelope.Write(path, writer =>
        {
            writer.Write(spaceName);
            writer.Write(options.ToJson().ToJsonString());
            writer.Write(scoreMin);
            writer.Write(scoreMax);
            network.save(writer);
        });

    /// <summary>Reads and checks a file, then builds the network of its options and loads the weights.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a controller file, another format version, truncated, corrupt, or of another space.</exception>
    public static Contents Read(string path, ISearchSpace space)
    {
        using var reader = new BinaryReader(Envelope.OpenPayload(path), Encoding.UTF8);
        var spaceName = reader.ReadString();
        if (!string.Equals(spaceName, space.Name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' holds a controller for the '{spaceName}' search space, not '{space.Name}'. Load it into a controller of the '{spaceName}' space.");
        }
        ControllerOptions options;
        try
        {
            // The file holds every field its version of Nao knew; a field added since (such as positionSteps) takes the
            // space's default that FromJson starts from.
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
