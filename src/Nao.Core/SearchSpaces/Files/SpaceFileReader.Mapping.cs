using YamlDotNet.RepresentationModel;

namespace Nao.SearchSpaces.Files;

internal sealed partial class SpaceFileReader
{
    /// <summary>A YAML mapping whose keys are checked against the keys allowed there.</summary>
    private sealed class Mapping
    {
        private readonly SpaceFileReader _reader;
        private readonly YamlMappingNode _node;
        private readonly string _context;
        private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

        public Mapping(SpaceFileReader reader, YamlMappingNode node, string context, string[] allowed)
        {
            _reader = reader;
            _node = node;
            _context = context;
            foreach (var (key, value) in node.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null) throw reader.Error(Place(key), null, $"a key in {context} is not a plain name. Allowed keys: {string.Join(", ", allowed)}.");
                if (!allowed.Contains(name))
                {
                    throw reader.Error(Place(key), name,
                        $"unknown key in {context}.{DidYouMean(name, allowed)} Allowed keys here: {string.Join(", ", allowed)}.");
                }
                _entries[name] = (key, value);
            }
        }

        public YamlNode? Get(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

        public YamlNode Required(string key) => Get(key)
            ?? throw _reader.Error(Place(_node), key, $"{_context} is missing the required key '{key}'. Add '{key}: …'.");

        public string RequiredScalar(string key) => Scalar(key, Required(key));

        public string? OptionalScalar(string key) => Get(key) is { } node ? Scalar(key, node) : null;

        /// <summary>Where the key was written; where the mapping starts when it is absent.</summary>
        public FilePlace PlaceOf(string key) => Place(_entries.TryGetValue(key, out var entry) ? entry.Key : _node);

        private string Scalar(string key, YamlNode node) =>
            (node as YamlScalarNode)?.Value ?? throw _reader.Error(Place(node), key, $"expected a plain value for '{key}', not a list or a mapping.");
    }
}
