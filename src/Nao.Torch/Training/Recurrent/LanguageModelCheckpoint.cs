using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Nao.Networks.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Nao.Training.Recurrent;

/// <summary>
/// The per-epoch state of a language-model run, enough to resume it exactly (nanoGPT's habit: the checkpoint holds
/// everything). File layout: the magic <c>NAOLM001</c>, a UTF-8 JSON header (length-prefixed), then named float32
/// tensors of three sets: the current weights, the best-validation weights, and the averaged-SGD weights when active.
/// Written to a temporary file and moved into place, so a crash never leaves half a checkpoint.
/// </summary>
internal sealed record LanguageModelCheckpoint(
    string Genotype,
    RecurrentModelOptions Model,
    int Epoch,
    IReadOnlyList<LanguageModelEpoch> History,
    double BestValidLoss,
    long AverageSteps,
    bool Averaging)
{
    /// <summary>The checkpoint file name inside a checkpoint folder.</summary>
    public const string FileName = "last.ckpt";

    private static readonly byte[] Magic = "NAOLM001"u8.ToArray();

    /// <summary>Writes the header and tensor sets to <paramref name="path"/> atomically.</summary>
    public void Save(string path, IReadOnlyList<(string Name, Tensor Value)> weights, IReadOnlyList<(string Name, Tensor Value)> best,
        IReadOnlyList<(string Name, Tensor Value)>? averages)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            var header = JsonSerializer.SerializeToUtf8Bytes(this);
            writer.Write(header.Length);
            writer.Write(header);
            WriteSet(writer, weights);
            WriteSet(writer, best);
            WriteSet(writer, averages ?? []);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a Nao language-model checkpoint, or is truncated.</exception>
    public static (LanguageModelCheckpoint Header, Dictionary<string, Tensor> Weights, Dictionary<string, Tensor> Best, Dictionary<string, Tensor> Averages) Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"'{path}' is not a Nao language-model checkpoint. Delete it or choose another checkpoint folder.");
            }
            var header = JsonSerializer.Deserialize<LanguageModelCheckpoint>(reader.ReadBytes(reader.ReadInt32()))
                ?? throw new InvalidDataException($"'{path}' has an empty header.");
            return (header, ReadSet(reader), ReadSet(reader), ReadSet(reader));
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is truncated or corrupt ({e.Message}). Delete it to start over.", e);
        }
    }

    private static void WriteSet(BinaryWriter writer, IReadOnlyList<(string Name, Tensor Value)> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, value) in tensors)
        {
            writer.Write(name);
            writer.Write(value.shape.Length);
            foreach (var d in value.shape) writer.Write(d);
            using var cpu = value.detach().to(ScalarType.Float32).contiguous();
            writer.Write(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
        }
    }

    private static Dictionary<string, Tensor> ReadSet(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var set = new Dictionary<string, Tensor>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var shape = new long[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            reader.BaseStream.ReadExactly(bytes);
            set[name] = torch.tensor(values, shape);
        }
        return set;
    }
}
