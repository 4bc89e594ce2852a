using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nao.Parts;

/// <summary>
/// A settings record's defaults with the user's NAME=VALUE settings laid over them, via JSON, so every settings
/// record is configurable by its own property names with no per-setting command-line code.
/// </summary>
internal static class SettingsOverlay
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// <paramref name="defaults"/> with <paramref name="settings"/> over it (names case-insensitive), read back as
    /// <typeparamref name="T"/>; <paramref name="option"/> names the command-line option in messages.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones) or a value of the wrong type.</exception>
    public static T Apply<T>(T defaults, JsonObject? settings, string option)
    {
        var json = JsonSerializer.SerializeToNode(defaults, Json)!.AsObject();
        foreach (var (name, value) in settings ?? [])
        {
            var key = json.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown {option} setting '{name}'. Valid settings: {string.Join(", ", json.Select(p => p.Key))}.");
            json[key] = value?.DeepClone();
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json.ToJsonString(), Json)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A {option} setting has a value of the wrong type ({e.Path}): {e.Message}");
        }
    }

    /// <summary>Fails unless the data a part reads exists, naming the setting and <c>NAO_DATA</c>.</summary>
    /// <exception cref="ArgumentException">The path does not exist.</exception>
    public static void RequireData(string path, string option, string what)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new ArgumentException($"The {what} data '{path}' does not exist. Set {option} dataPath=FOLDER, or NAO_DATA to the folder that holds the data sets.");
        }
    }
}
