using System.Text.Json;
using System.Text.RegularExpressions;
using Nao.Networks;
using TorchSharp;

namespace Nao.Training;

/// <summary>What a checkpoint records besides the weights: enough to resume and to refuse a mismatched network.</summary>
internal sealed record CheckpointState(int FormatVersion, string Genotype, CellNetworkOptions Network, int CompletedEpochs,
    long GlobalStep, List<EpochReport> History, double? BestDevAccuracy, int? BestEpoch);

/// <summary>
/// Per-epoch checkpoints in a folder: <c>epoch-NNNN/</c> holding <c>model.bin</c> (TorchSharp state dict with batch
/// norm statistics), <c>optimizer.bin</c> (SGD momentum buffers) and <c>state.json</c>. Each is written to a
/// <c>.tmp</c> folder first and renamed when complete, so a run killed while saving leaves the previous checkpoint
/// intact; older epochs are then deleted.
/// </summary>
internal static partial class TrainingCheckpoint
{
    public const int FormatVersion = 1;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string directory, CellNetwork network, torch.optim.Optimizer optimizer, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        var name = $"epoch-{state.CompletedEpochs:D4}";
        var temporary = Path.Combine(directory, name + ".tmp");
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        network.save(Path.Combine(temporary, "model.bin"));
        using (var stream = File.Create(Path.Combine(temporary, "optimizer.bin")))
        using (var writer = new BinaryWriter(stream))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }
        File.WriteAllText(Path.Combine(temporary, "state.json"), JsonSerializer.Serialize(state, Json));
        var final = Path.Combine(directory, name);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temporary, final);
        foreach (var old in Checkpoints(directory).Where(d => d != final)) Directory.Delete(old, recursive: true);
    }

    /// <summary>Loads the newest checkpoint of the folder into the network and optimizer; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another architecture or network shape, or is damaged.</exception>
    public static CheckpointState? TryLoad(string directory, CellNetwork network, torch.optim.Optimizer optimizer)
    {
        if (!Directory.Exists(directory)) return null;
        var newest = Checkpoints(directory).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault();
        if (newest is null) return null;
        CheckpointState state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(newest, "state.json")), Json)
                ?? throw new InvalidDataException("empty state");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{newest}/state.json is damaged ({e.Message}). Delete {newest} to resume from scratch.");
        }
        if (state.FormatVersion != FormatVersion || state.Genotype != network.Genotype.Canonical || state.Network != network.Options)
        {
            throw new InvalidDataException(
                $"The checkpoint in {directory} was written for another network ({state.Genotype}; {Describe(state.Network)}), " +
                $"not for this one ({network.Genotype.Canonical}; {Describe(network.Options)}). Use another --checkpoint folder or delete this one.");
        }
        try
        {
            network.load(Path.Combine(newest, "model.bin"));
            using var stream = File.OpenRead(Path.Combine(newest, "optimizer.bin"));
            using var reader = new BinaryReader(stream);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"The checkpoint in {newest} is damaged ({e.Message}). Delete it to resume from the epoch before.");
        }
        return state;
    }

    private static string Describe(CellNetworkOptions o) =>
        $"N={o.Layers}, F={o.Filters}, {o.Classes} classes, {o.InputChannels} input channels, aux {(o.AuxiliaryHead ? "on" : "off")}";

    private static IEnumerable<string> Checkpoints(string directory) =>
        Directory.GetDirectories(directory).Where(d => CheckpointName().IsMatch(Path.GetFileName(d)));

    [GeneratedRegex(@"^epoch-\d{4,}$")]
    private static partial Regex CheckpointName();
}
