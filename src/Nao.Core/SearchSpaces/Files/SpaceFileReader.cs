using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nao.SearchSpaces.Files;

/// <summary>What a space file says, read and checked key by key, before the layout is expanded.</summary>
internal sealed record SpaceDefinition(
    string Name, string Description, ValueList[] Lists, string[] Operations, SpaceItem[] Architecture, Template? Format, JsonObject? Controller = null);

/// <summary>
/// Reads a space file (YAML; JSON is YAML) into a <see cref="SpaceDefinition"/>. Every error names the line, the key,
/// the problem and the fix; nothing is defaulted silently except what the format documents.
/// </summary>
internal sealed partial class SpaceFileReader
{
    private static readonly string[] RootKeys = ["name", "description", "values", "operations", "architecture", "format", "controller"];
    private static readonly string[] ListKeys = ["names", "range", "sort"];
    private static readonly string[] DecisionKeys = ["decision", "values", "subset", "min", "max"];
    private static readonly string[] RepeatKeys = ["repeat", "count", "over", "interchangeable", "body", "format", "separator", "display"];
    private const int MaxRangeValues = 10_000;

    private readonly string _source;
    private readonly Dictionary<string, ValueList> _lists = new(StringComparer.Ordinal);

    private SpaceFileReader(string source) => _source = source;

    /// <summary>Reads and checks the file's keys.</summary>
    /// <exception cref="SpaceFileException">The file is malformed.</exception>
    public static SpaceDefinition Read(string text, string source) => new SpaceFileReader(source).ReadRoot(text);

    /// <summary>An error at a place.</summary>
    public SpaceFileException Error(FilePlace place, string? key, string problem) => new(_source, place.Line, place.Column, key, problem);

    private SpaceDefinition ReadRoot(string text)
    {
        // JSON is read as YAML, which refuses tabs as indentation; in valid JSON a raw tab can only be whitespace,
        // so it becomes a space (one character for one, so lines and columns stay true).
        if (text.TrimStart().StartsWith('{')) text = text.Replace('\t', ' ');
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws YamlException with a place for most syntax errors, but a bare InvalidOperationException
            // for some (an unclosed '[' at the end of the file); the scanner's position is the best place then.
            // Some YamlExceptions (a tab as indentation) carry the document's start; the scanner knows better then.
            var mark = e is YamlException { Start.Index: > 0 } y ? y.Start : scanner.CurrentPosition;
            var problem = (e is YamlException ? e.InnerException?.Message ?? e.Message : "unexpected text or end of file").Trim();
            if (problem.StartsWith("Duplicate key ", StringComparison.Ordinal))
            {
                var key = problem["Duplicate key ".Length..];
                throw new SpaceFileException(_source, (int)mark.Line, (int)mark.Column, key, "the key appears twice in the same mapping. Keep one.");
            }
            throw new SpaceFileException(_source, (int)mark.Line, (int)mark.Column, null,
                $"the file is not valid YAML ({problem.TrimEnd('.')}). Check the indentation (spaces, not tabs), the quotes and the brackets near this line.");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            throw new SpaceFileException(_source, 1, 1, null,
                "a space file is a mapping with at least 'name', 'values' and 'architecture'. See samples/spaces/*.yaml for examples.");
        }
        if (stream.Documents.Count > 1)
        {
            throw Error(Place(stream.Documents[1].RootNode), null, "the file holds more than one YAML document. Keep one space per file (remove the '---').");
        }
        var root = new Mapping(this, rootNode, "the file", RootKeys);
        var name = root.RequiredScalar("name");
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw Error(root.PlaceOf("name"), "name", $"'{name}' is not a usable space name. Give a name without spaces, e.g. 'my-space'.");
        }
        var description = root.OptionalScalar("description") ?? "";
        ReadLists(root.Required("values"));
        var operations = ReadOperations(root);
        var architecture = ReadItems(root.Required("architecture"), "architecture", new HashSet<string>(StringComparer.Ordinal));
        var format = ReadTemplate(root, "format");
        return new SpaceDefinition(name, description, [.. _lists.Values], operations, architecture, format, ReadController(root.Get("controller")));
    }

    /// <summary>
    /// The optional <c>controller:</c> mapping: NAO controller settings by name (e.g. <c>augment: true</c>), numbers and
    /// true/false typed, the rest text. The controller checks names and values when a search starts.
    /// </summary>
    private JsonObject? ReadController(YamlNode? node)
    {
        if (node is null) return null;
        if (node is not YamlMappingNode mapping)
        {
            throw Error(Place(node), "controller", "expected a mapping of NAO controller settings, e.g. 'controller: {augment: true, epochs: 100}'.");
        }
        var json = new JsonObject();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (valueNode is not YamlScalarNode { Value: { } text })
            {
                throw Error(Place(valueNode), key, "a controller setting takes one plain value (a number, true/false or a name).");
            }
            json[key] = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? JsonValue.Create(integer)
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(text);
        }
        return json;
    }

    private void ReadLists(YamlNode node)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            throw Error(Place(node), "values",
                "expected a mapping of value lists, e.g. 'op: [conv3x3, max3x3]' or 'input: {range: [0, 6]}', with at least one list.");
        }
        var nextToken = 1;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            CheckIdentifier(name, Place(keyNode), "values", "value list");
            var list = ReadList(name, valueNode, nextToken);
            _lists.Add(name, list);
            nextToken += list.Values.Length;
        }
    }

    private ValueList ReadList(string name, YamlNode node, int firstToken)
    {
        string[] values;
        YamlNode? sortNode = null;
        if (node is YamlSequenceNode)
        {
            values = ScalarSequence(node, name);
        }
        else if (node is YamlMappingNode mappingNode)
        {
            var map = new Mapping(this, mappingNode, $"value list '{name}'", ListKeys);
            var names = map.Get("names");
            var range = map.Get("range");
            if ((names is null) == (range is null))
            {
                throw Error(Place(node), name, "a value list in mapping form needs exactly one of 'names: [a, b]' or 'range: [FIRST, LAST]'.");
            }
            values = names is not null ? ScalarSequence(names, name) : ReadRange(range!, name);
            sortNode = map.Get("sort");
        }
        else
        {
            throw Error(Place(node), name, "expected a list of values, e.g. [sep3x3, max3x3], or a mapping with 'names' or 'range'.");
        }
        if (values.Length == 0) throw Error(Place(node), name, "the value list is empty. Give it at least one value.");
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length == 0 || values[i].Any(char.IsWhiteSpace))
            {
                throw Error(Place(node), name, $"value '{values[i]}' is empty or holds a space; architecture texts could not be read back. Use e.g. '_' instead.");
            }
            if (Array.IndexOf(values, values[i]) != i) throw Error(Place(node), name, $"value '{values[i]}' appears twice. Remove one.");
        }
        var integers = values.All(v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            ? values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : null;
        var rank = Enumerable.Range(0, values.Length).ToArray();
        if (sortNode is not null)
        {
            var sort = ScalarSequence(sortNode, "sort");
            if (sort.Length != values.Length || sort.Distinct().Count() != sort.Length || sort.Any(s => Array.IndexOf(values, s) < 0))
            {
                throw Error(Place(sortNode), "sort",
                    $"the sort order must list every value of '{name}' exactly once ({string.Join(", ", values)}); got [{string.Join(", ", sort)}].");
            }
            for (var r = 0; r < sort.Length; r++) rank[Array.IndexOf(values, sort[r])] = r;
        }
        return new ValueList(name, values, integers, rank, firstToken, Place(node));
    }

    private string[] ReadRange(YamlNode node, string name)
    {
        var bounds = node is YamlSequenceNode ? ScalarSequence(node, "range") : [];
        if (bounds.Length != 2
            || !int.TryParse(bounds[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(bounds[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last))
        {
            throw Error(Place(node), "range", $"the range of '{name}' must be two integers [FIRST, LAST], e.g. [0, 6].");
        }
        if (last < first) throw Error(Place(node), "range", $"the range [{first}, {last}] of '{name}' is empty. Write the smaller bound first.");
        if ((long)last - first + 1 > MaxRangeValues)
        {
            throw Error(Place(node), "range", $"the range [{first}, {last}] of '{name}' has more than {MaxRangeValues} values. Use a smaller range.");
        }
        return [.. Enumerable.Range(first, last - first + 1).Select(v => v.ToString(CultureInfo.InvariantCulture))];
    }

    private string[] ReadOperations(Mapping root)
    {
        var node = root.Get("operations");
        if (node is null) return [.. _lists.Values.Where(l => l.Integers is null).SelectMany(l => l.Values)];
        var names = node is YamlScalarNode ? [root.OptionalScalar("operations")!] : ScalarSequence(node, "operations");
        foreach (var name in names)
        {
            if (!_lists.ContainsKey(name)) throw UnknownList(Place(node), "operations", name);
        }
        return [.. names.SelectMany(n => _lists[n].Values)];
    }

    private SpaceItem[] ReadItems(YamlNode node, string key, HashSet<string> indexVariables)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw Error(Place(node), key, "expected a list of items, each '- decision: NAME' or '- repeat: NAME', with at least one item.");
        }
        var items = new List<SpaceItem>();
        foreach (var child in sequence.Children)
        {
            if (child is not YamlMappingNode mapping)
            {
                throw Error(Place(child), key, "each item is a mapping that starts with 'decision: NAME' or 'repeat: NAME'.");
            }
            var isRepeat = mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "repeat" });
            var isDecision = mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "decision" });
            if (isRepeat == isDecision)
            {
                var first = (mapping.Children.Keys.FirstOrDefault() as YamlScalarNode)?.Value ?? "";
                throw Error(Place(child), key, isRepeat
                    ? "an item has both 'decision' and 'repeat'. Split it into two items."
                    : $"an item needs 'decision: NAME' (one choice) or 'repeat: NAME' (a repeated body).{DidYouMean(first, ["decision", "repeat"])}");
            }
            SpaceItem item = isRepeat ? ReadRepeat(mapping, indexVariables) : ReadDecision(mapping);
            if (items.Any(i => i.Name == item.Name))
            {
                throw Error(item.Place, isRepeat ? "repeat" : "decision",
                    $"the name '{item.Name}' is used twice in the same list. Give each decision and repetition of a list its own name.");
            }
            if (indexVariables.Contains(item.Name))
            {
                throw Error(item.Place, isRepeat ? "repeat" : "decision",
                    $"the name '{item.Name}' is already the index variable of an enclosing repetition. Rename one of them.");
            }
            items.Add(item);
        }
        return [.. items];
    }

    private DecisionItem ReadDecision(YamlMappingNode node)
    {
        var map = new Mapping(this, node, "a decision", DecisionKeys);
        var name = map.RequiredScalar("decision");
        CheckIdentifier(name, map.PlaceOf("decision"), "decision", "decision");
        var listName = map.OptionalScalar("values") ?? name;
        if (!_lists.TryGetValue(listName, out var list)) throw UnknownList(map.PlaceOf(map.Get("values") is null ? "decision" : "values"), "values", listName);
        var inSubset = Enumerable.Repeat(true, list.Values.Length).ToArray();
        if (map.Get("subset") is { } subsetNode)
        {
            var subset = ScalarSequence(subsetNode, "subset");
            if (subset.Length == 0) throw Error(Place(subsetNode), "subset", $"the subset of decision '{name}' is empty. List at least one value of '{list.Name}'.");
            Array.Fill(inSubset, false);
            foreach (var value in subset)
            {
                var index = Array.IndexOf(list.Values, value);
                if (index < 0)
                {
                    throw Error(Place(subsetNode), "subset", $"'{value}' is not a value of list '{list.Name}' ({string.Join(", ", list.Values)}).{DidYouMean(value, list.Values)}");
                }
                inSubset[index] = true;
            }
        }
        var min = ReadExpression(map, "min");
        var max = ReadExpression(map, "max");
        if ((min is not null || max is not null) && list.Integers is null)
        {
            var key = min is not null ? "min" : "max";
            throw Error(map.PlaceOf(key), key, $"bounds need a list of integers, but '{list.Name}' holds names. Remove the bound, or use a 'subset'.");
        }
        return new DecisionItem(name, map.PlaceOf("decision"), list, inSubset, min, map.PlaceOf("min"), max, map.PlaceOf("max"));
    }

    private RepeatItem ReadRepeat(YamlMappingNode node, HashSet<string> indexVariables)
    {
        var map = new Mapping(this, node, "a repetition", RepeatKeys);
        var name = map.RequiredScalar("repeat");
        CheckIdentifier(name, map.PlaceOf("repeat"), "repeat", "repetition");
        var count = ReadExpression(map, "count");
        string[]? labels = null;
        if (map.Get("over") is { } overNode)
        {
            labels = ScalarSequence(overNode, "over");
            if (labels.Length == 0) throw Error(Place(overNode), "over", $"repetition '{name}' is over no labels: it would have zero size. List at least one label.");
            if (labels.Distinct().Count() != labels.Length) throw Error(Place(overNode), "over", $"a label of repetition '{name}' appears twice. Make the labels distinct.");
        }
        if ((count is null) == (labels is null))
        {
            throw Error(map.PlaceOf("repeat"), "count", $"repetition '{name}' needs exactly one of 'count: N' (index 0..N-1) or 'over: [label, …]'.");
        }
        var interchangeable = false;
        if (map.OptionalScalar("interchangeable") is { } flag && !bool.TryParse(flag, out interchangeable))
        {
            throw Error(map.PlaceOf("interchangeable"), "interchangeable", $"'{flag}' is not true or false.");
        }
        var inner = new HashSet<string>(indexVariables, StringComparer.Ordinal) { name };
        var body = ReadItems(map.Required("body"), "body", inner);
        return new RepeatItem(name, map.PlaceOf("repeat"), count, map.PlaceOf("count"), labels, interchangeable, body,
            ReadTemplate(map, "format"), map.OptionalScalar("separator") ?? " ", ReadTemplate(map, "display"));
    }

    private BoundExpression? ReadExpression(Mapping map, string key)
    {
        var text = map.OptionalScalar(key);
        if (text is null) return null;
        return BoundExpression.TryParse(text, out var error)
            ?? throw Error(map.PlaceOf(key), key, $"'{text}' is not a valid expression: {error}. Write integers and index variables joined by + and -, e.g. 'node + 1'.");
    }

    private Template? ReadTemplate(Mapping map, string key)
    {
        var text = map.OptionalScalar(key);
        if (text is null) return null;
        var parts = new List<TemplatePart>();
        var literal = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i);
                if (end < 0) throw Error(map.PlaceOf(key), key, $"'{text}' opens a '{{' that is never closed. Write {{NAME}} for a value, {{{{ for a literal brace.");
                if (literal.Length > 0) parts.Add(new TemplatePart(literal.ToString(), false));
                literal.Clear();
                parts.Add(new TemplatePart(text[(i + 1)..end].Trim(), true));
                i = end;
            }
            else if (c == '}')
            {
                throw Error(map.PlaceOf(key), key, $"'{text}' has a '}}' without a '{{'. Write }}}} for a literal brace.");
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0) parts.Add(new TemplatePart(literal.ToString(), false));
        return new Template(key, text, [.. parts], map.PlaceOf(key));
    }

    private string[] ScalarSequence(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode sequence) throw Error(Place(node), key, "expected a list, e.g. [a, b, c].");
        return [.. sequence.Children.Select(c => c is YamlScalarNode s
            ? s.Value ?? ""
            : throw Error(Place(c), key, "expected a plain value here, not a list or a mapping."))];
    }

    private SpaceFileException UnknownList(FilePlace place, string key, string name) =>
        Error(place, key, _lists.Count == 0
            ? $"there is no value list '{name}'. Define it under 'values'."
            : $"there is no value list '{name}'. Defined lists: {string.Join(", ", _lists.Keys)}.{DidYouMean(name, _lists.Keys)} Or define it under 'values'.");

    private void CheckIdentifier(string name, FilePlace place, string key, string what)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
        {
            throw Error(place, key, $"'{name}' is not a usable {what} name. Use letters, digits, '_' and '-', starting with a letter.");
        }
    }

    /// <summary>The place of a YAML node (YamlDotNet's marks are 1-based).</summary>
    internal static FilePlace Place(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    /// <summary>" Did you mean 'x'?" for the closest candidate within edit distance 2, else "".</summary>
    internal static string DidYouMean(string given, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: EditDistance(given.ToLowerInvariant(), c.ToLowerInvariant()))).Where(x => x.d <= 2).OrderBy(x => x.d).FirstOrDefault();
        return best.c is null ? "" : $" Did you mean '{best.c}'?";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
