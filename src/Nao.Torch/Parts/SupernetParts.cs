using System.Text.Json.Nodes;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Supernets;
using Nao.Supernets.Nb201;
using Nao.Torch;
using Nao.WeightSharing;

namespace Nao.Parts;

/// <summary>The supernet of the enas space: <see cref="ConvSupernetSettings"/>.</summary>
public sealed class ConvSupernetPart : IPartFactory<ISupernet>
{
    /// <inheritdoc />
    /// <remarks>The cosine schedule spans the whole search (rounds × epochs per round) unless the user set <c>totalEpochs</c>.</remarks>
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var epochs = options.WeightSharing.Rounds * options.WeightSharing.EpochsPerRound;
        var conv = SettingsOverlay.Apply(new ConvSupernetSettings { TotalEpochs = epochs }, settings, "--supernet");
        conv.Validate();
        SettingsOverlay.RequireData(conv.ResolveDataPath(), "--supernet", "supernet");
        return conv.ToJson();
    }

    /// <inheritdoc />
    public ISupernet Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        SupernetThreads.Initialize(options);
        return ConvSupernet.Create(ConvSupernetSettings.FromJson(settings), options.Seed);
    }
}

/// <summary>The supernet of the enas-rnn space: <see cref="RecurrentSupernetSettings"/>.</summary>
public sealed class RecurrentSupernetPart : IPartFactory<ISupernet>
{
    /// <inheritdoc />
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var recurrent = SettingsOverlay.Apply(new RecurrentSupernetSettings(), settings, "--supernet");
        recurrent.Validate();
        SettingsOverlay.RequireData(recurrent.ResolveDataPath(), "--supernet", "supernet");
        return recurrent.ToJson();
    }

    /// <inheritdoc />
    public ISupernet Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        SupernetThreads.Initialize(options);
        return RecurrentSupernet.Create(RecurrentSupernetSettings.FromJson(settings), options.Seed);
    }
}

/// <summary>The supernet of the nb201 space: <see cref="Nb201SupernetSettings"/>, with NAS-Bench-201's table as ground truth.</summary>
public sealed class Nb201SupernetPart : IPartFactory<ISupernet>
{
    /// <inheritdoc />
    /// <remarks>The cosine schedule spans the whole search (rounds × epochs per round) unless the user set <c>totalEpochs</c>.</remarks>
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var epochs = options.WeightSharing.Rounds * options.WeightSharing.EpochsPerRound;
        var nb201 = SettingsOverlay.Apply(new Nb201SupernetSettings { TotalEpochs = epochs }, settings, "--supernet");
        nb201.Validate();
        SettingsOverlay.RequireData(nb201.ResolveDataPath(), "--supernet", "supernet");
        return nb201.ToJson();
    }

    /// <inheritdoc />
    public ISupernet Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        SupernetThreads.Initialize(options);
        return Nb201Supernet.Create(Nb201SupernetSettings.FromJson(settings), options.Seed);
    }
}

internal static class SupernetThreads
{
    /// <summary>
    /// Every core unless the search says otherwise: the supernet's convolutions and products dominate a weight-sharing
    /// search (the controller's 1 thread is for its reproducibility across machines and its small batches).
    /// </summary>
    public static void Initialize(SearchOptions options) =>
        TorchRuntime.Initialize(threads: options.WeightSharing.Threads > 0 ? options.WeightSharing.Threads : Environment.ProcessorCount);
}
