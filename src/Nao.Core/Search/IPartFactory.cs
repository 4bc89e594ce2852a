using System.Text.Json.Nodes;
using Nao.SearchSpaces;

namespace Nao.Search;

/// <summary>
/// Builds one part of a search (the NAO controller, a space's child trainer, a space's supernet) from settings that
/// are stored with the run as JSON. The part's settings record, its defaults and its checks live with the part
/// (in Nao.Torch for these three), so Core stores them without knowing their types, and a resumed run rebuilds the
/// same part from the stored settings alone.
/// </summary>
/// <typeparam name="T">What the factory builds.</typeparam>
public interface IPartFactory<out T>
{
    /// <summary>
    /// The complete settings a search will use: the part's defaults for the space, then the user's
    /// <paramref name="settings"/> (a partial object, names in any case) laid over them; checked.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown setting, a bad value or missing data; the message names the fix.</exception>
    JsonObject? Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space);

    /// <summary>Builds the part from complete settings (as <see cref="Resolve"/> returned and the run stored).</summary>
    T Create(JsonObject? settings, SearchOptions options, ISearchSpace space);
}
