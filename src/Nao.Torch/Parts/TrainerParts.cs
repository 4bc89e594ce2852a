using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Torch;

namespace Nao.Parts;

/// <summary>The child trainer of the cell spaces (nasnet, enas): <see cref="ConvTrainingSettings"/>.</summary>
public sealed class ConvTrainerPart : IPartFactory<IEvaluator>
{
    /// <inheritdoc />
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var conv = SettingsOverlay.Apply(new ConvTrainingSettings(), settings, "--training");
        conv.Validate();
        SettingsOverlay.RequireData(conv.ResolveDataPath(), "--training", "training");
        return conv.ToJson();
    }

    /// <inheritdoc />
    public IEvaluator Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        // Training settings arrive as the run's stored JSON, so a resumed run trains children exactly as before.
        TorchRuntime.Initialize();
        return ConvTrainingSettings.FromJson(settings).CreateEvaluator(options.Seed);
    }
}

/// <summary>The child trainer of the recurrent space (enas-rnn): <see cref="RecurrentTrainingSettings"/>.</summary>
public sealed class RecurrentTrainerPart : IPartFactory<IEvaluator>
{
    /// <inheritdoc />
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var recurrent = SettingsOverlay.Apply(new RecurrentTrainingSettings(), settings, "--training");
        recurrent.Validate();
        SettingsOverlay.RequireData(recurrent.ResolveDataPath(), "--training", "training");
        return recurrent.ToJson();
    }

    /// <inheritdoc />
    public IEvaluator Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        TorchRuntime.Initialize();
        return RecurrentTrainingSettings.FromJson(settings).CreateEvaluator(options.Seed);
    }
}
