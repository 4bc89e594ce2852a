using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nao.Storage;

/// <summary>The JSON settings of every file and column a run stores (options, metrics, records, fit reports).</summary>
public static class RunJson
{
    /// <summary>camelCase names, enums as strings, NaN and infinities allowed, indented for people to read.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same settings on one line, for database columns.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
