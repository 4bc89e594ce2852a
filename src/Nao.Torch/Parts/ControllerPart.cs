using System.Text.Json.Nodes;
using Nao.Controller;
using Nao.Search;
using Nao.SearchSpaces;
using Nao.Strategies;
using Nao.Torch;

namespace Nao.Parts;

/// <summary>The NAO controller as a part of a search: its settings are <see cref="ControllerOptions"/>, with the search's defaults for the space.</summary>
public sealed class ControllerPart : IPartFactory<IArchitectureOptimizer>
{
    /// <inheritdoc />
    public JsonObject Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space) => Options(settings, space).ToJson();

    /// <summary>
    /// The controller's defaults for the space (<see cref="ControllerOptions.For"/>), then the space's own
    /// (a space file's <c>controller:</c> section), then <paramref name="settings"/>; checked.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown setting or a value out of range.</exception>
    public static ControllerOptions Options(JsonObject? settings, ISearchSpace space)
    {
        var defaults = ControllerOptions.For(space);
        if (space is IControllerDefaults { ControllerDefaults: { } own }) defaults = SettingsOverlay.Apply(defaults, own, "space file controller");
        return SettingsOverlay.Apply(defaults, settings, "--controller").Checked();
    }

    /// <inheritdoc />
    public IArchitectureOptimizer Create(JsonObject? settings, SearchOptions options, ISearchSpace space)
    {
        // One thread: reproducible across machines (torch sums differ with the thread count) and, for the controller's small
        // batches, faster than two on a shared 2-core machine (measured).
        TorchRuntime.Initialize(threads: 1);
        return new NaoController(space, Options(settings, space));
    }
}
