using System.Globalization;
using System.Numerics;

namespace Nao.SearchSpaces.Files;

/// <summary>
/// Expands a <see cref="SpaceDefinition"/> into a <see cref="SpaceLayout"/>: every repetition unrolled with its
/// index bound, every bound evaluated, the text templates filled in. Bounds and counts depend only on indices, never
/// on values, so the layout is the same for every architecture and the token sequence has a fixed length.
/// </summary>
internal sealed class SpaceExpander
{
    private const int MaxPositions = 100_000;
    private readonly string _source;
    private readonly List<string> _paths = [];
    private readonly List<ValueList> _lists = [];
    private readonly List<int[]> _valid = [];
    private readonly List<GroupInstance> _groups = [];
    private readonly List<int> _groupUnits = [];
    private readonly List<LayoutSegment[]> _displayLines = [];
    private int _unit = -1;

    private SpaceExpander(string source) => _source = source;

    /// <summary>Expands the definition.</summary>
    /// <exception cref="SpaceFileException">A bound or count is out of range, a template is wrong, or members of an interchangeable repetition differ.</exception>
    public static SpaceLayout Expand(SpaceDefinition definition, string source)
    {
        var expander = new SpaceExpander(source);
        var text = new List<LayoutSegment>();
        var size = expander.ExpandBody(definition.Architecture, definition.Format, [], [], "", text, [], topLevel: true);
        // Augmentation permutes one group per top-level item; a top-level interchangeable repetition is a unit of its own, last.
        var units = Enumerable.Range(0, expander._displayLines.Count).Append(-1)
            .Select(u => Enumerable.Range(0, expander._groups.Count).Where(g => expander._groupUnits[g] == u).ToArray())
            .Where(g => g.Length > 0).ToArray();
        return new SpaceLayout
        {
            Name = definition.Name,
            Description = definition.Description,
            Operations = definition.Operations,
            Lists = definition.Lists,
            Paths = [.. expander._paths],
            PositionLists = [.. expander._lists],
            Valid = [.. expander._valid],
            Text = Merge(text),
            DisplayLines = [.. expander._displayLines.Select(Merge)],
            Groups = [.. expander._groups],
            UnitGroups = units,
            Size = size,
        };
    }

    private BigInteger ExpandBody(SpaceItem[] body, Template? format, Dictionary<string, int> indices, Dictionary<string, string> labels,
                                  string path, List<LayoutSegment> output, Dictionary<string, List<LayoutSegment>> texts, bool topLevel)
    {
        var size = BigInteger.One;
        foreach (var item in body)
        {
            var segments = new List<LayoutSegment>();
            if (topLevel && item is DecisionItem)
            {
                _unit = _displayLines.Count;
                _displayLines.Add([LayoutSegment.Of(item.Name + ": "), LayoutSegment.Slot(_paths.Count)]);
            }
            size *= item switch
            {
                DecisionItem decision => AddDecision(decision, indices, path, segments),
                RepeatItem repeat => ExpandRepeat(repeat, indices, labels, path, segments, topLevel),
                _ => throw new InvalidOperationException(),
            };
            texts[item.Name] = segments;
        }
        Fill(format, body, texts, labels, output, checkAll: true);
        return size;
    }

    private BigInteger AddDecision(DecisionItem decision, Dictionary<string, int> indices, string path, List<LayoutSegment> output)
    {
        var list = decision.List;
        var min = Bound(decision.Min, decision.MinPlace, "min", decision, indices);
        var max = Bound(decision.Max, decision.MaxPlace, "max", decision, indices);
        var valid = Enumerable.Range(0, list.Values.Length)
            .Where(i => decision.InSubset[i] && (min is null || list.Integers![i] >= min) && (max is null || list.Integers![i] <= max))
            .Select(list.Token).ToArray();
        if (valid.Length == 0)
        {
            var place = decision.Max is not null ? decision.MaxPlace : decision.Min is not null ? decision.MinPlace : decision.Place;
            throw Error(place, decision.Max is not null ? "max" : decision.Min is not null ? "min" : "subset",
                $"decision '{decision.Name}'{At(indices)} has no value left (bounds {min?.ToString(CultureInfo.InvariantCulture) ?? "-"}..{max?.ToString(CultureInfo.InvariantCulture) ?? "-"} of list '{list.Name}'). Widen the bounds or the subset.");
        }
        if (_paths.Count >= MaxPositions) throw Error(decision.Place, "decision", $"the space has more than {MaxPositions} decisions. Use fewer repetitions.");
        output.Add(LayoutSegment.Slot(_paths.Count));
        _paths.Add(path + decision.Name);
        _lists.Add(list);
        _valid.Add(valid);
        return valid.Length;
    }

    private int? Bound(BoundExpression? expression, FilePlace place, string key, DecisionItem decision, Dictionary<string, int> indices)
    {
        if (expression is null) return null;
        var value = Evaluate(expression, place, key, indices);
        var integers = decision.List.Integers!;
        var (low, high) = (integers.Min(), integers.Max());
        if (value < low || value > high)
        {
            throw Error(place, key,
                $"'{expression.Text}' is {value}{At(indices)}, outside list '{decision.List.Name}' ({low}..{high}) of decision '{decision.Name}'. Extend the list or change the bound.");
        }
        return value;
    }

    private int Evaluate(BoundExpression expression, FilePlace place, string key, Dictionary<string, int> indices)
    {
        var unknown = expression.Variables.FirstOrDefault(v => !indices.ContainsKey(v));
        if (unknown is not null)
        {
            var known = indices.Count == 0 ? "none here" : string.Join(", ", indices.Keys);
            throw Error(place, key, $"'{expression.Text}' reads '{unknown}', which is not the index variable of an enclosing repetition (known: {known}).{SpaceFileReader.DidYouMean(unknown, indices.Keys)}");
        }
        return expression.Evaluate(indices);
    }

    private BigInteger ExpandRepeat(RepeatItem repeat, Dictionary<string, int> indices, Dictionary<string, string> labels, string path,
                                    List<LayoutSegment> output, bool topLevel)
    {
        var count = repeat.Labels?.Length ?? Evaluate(repeat.Count!, repeat.CountPlace, "count", indices);
        if (count <= 0)
        {
            throw Error(repeat.CountPlace, "count", $"repetition '{repeat.Name}' has count '{repeat.Count!.Text}' = {count}{At(indices)}: zero size. Give it a count of at least 1.");
        }
        var starts = new int[count];
        var lengths = new int[count];
        var size = BigInteger.One;
        BigInteger memberSize = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0) output.Add(LayoutSegment.Of(repeat.Separator));
            var label = repeat.Labels?[i] ?? i.ToString(CultureInfo.InvariantCulture);
            var innerIndices = new Dictionary<string, int>(indices) { [repeat.Name] = i };
            var innerLabels = new Dictionary<string, string>(labels) { [repeat.Name] = label };
            var itemPath = path + (repeat.Labels is null ? repeat.Name + label : label) + ".";
            if (topLevel) _unit = _displayLines.Count;
            starts[i] = _paths.Count;
            var segments = new List<LayoutSegment>();
            var texts = new Dictionary<string, List<LayoutSegment>>(StringComparer.Ordinal);
            memberSize = ExpandBody(repeat.Body, repeat.Format, innerIndices, innerLabels, itemPath, segments, texts, topLevel: false);
            lengths[i] = _paths.Count - starts[i];
            size *= memberSize;
            output.AddRange(segments);
            if (topLevel)
            {
                var line = new List<LayoutSegment>();
                if (repeat.Display is null) line.AddRange(segments);
                else Fill(repeat.Display, repeat.Body, texts, innerLabels, line, checkAll: false);
                _displayLines.Add([.. line]);
            }
        }
        // A single item has nothing to swap with; it is no group (and costs augmentation no random draw).
        if (!repeat.Interchangeable || count < 2) return size;
        CheckMembersAlike(repeat, starts, lengths, indices);
        _groups.Add(new GroupInstance(starts, lengths[0]));
        _groupUnits.Add(topLevel ? -1 : _unit);
        // The canonical form keeps one sorted order of the members, so the architectures are the multisets of
        // `count` members drawn from memberSize choices: C(memberSize + count - 1, count).
        return Multisets(memberSize, count);
    }

    private void CheckMembersAlike(RepeatItem repeat, int[] starts, int[] lengths, Dictionary<string, int> indices)
    {
        for (var m = 1; m < starts.Length; m++)
        {
            var alike = lengths[m] == lengths[0]
                && Enumerable.Range(0, lengths[0]).All(k => _valid[starts[m] + k].SequenceEqual(_valid[starts[0] + k]));
            if (!alike)
            {
                throw Error(repeat.Place, "interchangeable",
                    $"the members of repetition '{repeat.Name}'{At(indices)} do not have the same choices (a count or bound reads '{repeat.Name}'), so swapping them is not always valid. Make the body independent of '{repeat.Name}', or remove 'interchangeable'.");
            }
        }
    }

    private void Fill(Template? template, SpaceItem[] body, Dictionary<string, List<LayoutSegment>> texts, Dictionary<string, string> labels,
                      List<LayoutSegment> output, bool checkAll)
    {
        if (template is null)
        {
            // Default: the items' texts separated by spaces.
            for (var i = 0; i < body.Length; i++)
            {
                if (i > 0) output.Add(LayoutSegment.Of(" "));
                output.AddRange(texts[body[i].Name]);
            }
            return;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in template.Parts)
        {
            if (!part.IsPlaceholder)
            {
                output.Add(LayoutSegment.Of(part.Text));
            }
            else if (texts.TryGetValue(part.Text, out var segments))
            {
                if (!used.Add(part.Text) && checkAll)
                {
                    throw Error(template.Place, template.Key, $"'{template.Text}' names '{{{part.Text}}}' twice. Name each item once, so the text reads back unambiguously.");
                }
                output.AddRange(segments);
            }
            else if (labels.TryGetValue(part.Text, out var label))
            {
                output.Add(LayoutSegment.Of(label));
            }
            else
            {
                throw Error(template.Place, template.Key,
                    $"'{template.Text}' names '{{{part.Text}}}', which is neither an item of this body ({string.Join(", ", body.Select(b => b.Name))}) nor an enclosing index ({(labels.Count == 0 ? "none" : string.Join(", ", labels.Keys))}).{SpaceFileReader.DidYouMean(part.Text, body.Select(b => b.Name).Concat(labels.Keys))}");
            }
        }
        var missing = body.FirstOrDefault(b => !used.Contains(b.Name));
        if (checkAll && missing is not null)
        {
            throw Error(template.Place, template.Key,
                $"'{template.Text}' does not name '{{{missing.Name}}}'. Every item must appear in the text, or the text could not be read back.");
        }
    }

    private static BigInteger Multisets(BigInteger n, int k)
    {
        var result = BigInteger.One;
        for (var i = 1; i <= k; i++) result = result * (n + i - 1) / i;
        return result;
    }

    private static LayoutSegment[] Merge(IEnumerable<LayoutSegment> segments)
    {
        var merged = new List<LayoutSegment>();
        foreach (var segment in segments)
        {
            if (segment.Literal is { Length: 0 }) continue;
            if (segment.Literal is not null && merged.Count > 0 && merged[^1].Literal is { } previous) merged[^1] = LayoutSegment.Of(previous + segment.Literal);
            else merged.Add(segment);
        }
        return [.. merged];
    }

    private static string At(Dictionary<string, int> indices) =>
        indices.Count == 0 ? "" : " at " + string.Join(", ", indices.Select(p => $"{p.Key}={p.Value}"));

    private SpaceFileException Error(FilePlace place, string key, string problem) => new(_source, place.Line, place.Column, key, problem);
}
