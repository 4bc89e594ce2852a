using System.Text.Json.Nodes;
using Nao.Evaluation;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Torch;
using Nao.Training;

namespace Nao.Parts;

/// <summary>The child trainer of the nb201 space: <see cref="Nb201TrainingOptions"/> (NAS-Bench-201's protocol by default).</summary>
public sealed class Nb201TrainerPart : IPartFactory<IEvaluator>
{
    /// <inheritdoc />
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        var nb201 = SettingsOverlay.Apply(new Nb201TrainingOptions { Seed = options.Seed }, settings, "--training");
        nb201.Validate();
        SettingsOverlay.RequireData(nb201.ResolveDataPath(), "--training", "training");
        return nb201.ToJson();
    }

    /// <inheritdoc />
    public IEvaluator Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        // Settings arrive as the run's stored JSON, so a resumed run trains children exactly as before.
        var nb201 = Nb201TrainingOptions.FromJson(settings);
        TorchRuntime.Initialize(nb201.Threads);
        return new Nb201TrainingEvaluator(nb201, Nb201TrainingData.Load(nb201));
    }
}
