using System.Text.Json.Nodes;
using Nao.Predictors;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Torch;

namespace Nao.Parts;

/// <summary>BANANAS' MLP ensemble as a part of a search; its settings are the search's <see cref="BananasOptions"/>, so it stores none of its own.</summary>
public sealed class EnsemblePart : IPartFactory<IScoreEnsemble>
{
    /// <inheritdoc />
    public JsonObject? Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space) => null;

    /// <inheritdoc />
    public IScoreEnsemble Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        // One thread, as for the controller: reproducible, and faster for tiny MLPs on a shared 2-core machine.
        TorchRuntime.Initialize(threads: 1);
        return new MlpEnsemble(space, options.Bananas);
    }
}
