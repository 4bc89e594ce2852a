using System.Text.Json.Nodes;
using Nao.SearchSpaces;

namespace Nao.Search;

/// <summary>
/// A part built by a function, with the settings kept as given (no defaults to fill in): for tests and for programs
/// that bring their own part, e.g. <c>parts.WithTrainer("chain", new FunctionPart&lt;IEvaluator&gt;((o, s) => new MyEvaluator()))</c>.
/// </summary>
public sealed class FunctionPart<T>(Func<SearchOptions, ISearchSpace, T> create) : IPartFactory<T>
{
    /// <inheritdoc />
    public JsonObject? Resolve(JsonObject? settings, SearchOptions options, ISearchSpace space) => settings;

    /// <inheritdoc />
    public T Create(JsonObject? settings, SearchOptions options, ISearchSpace space) => create(options, space);
}
