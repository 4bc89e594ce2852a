using Nao.Genotypes;

namespace Nao.SearchSpaces.Files;

internal sealed partial class SpaceLayout
{
    /// <summary>
    /// Reads an architecture text back into (not yet canonical) tokens by matching it against the text template:
    /// literals must match (whitespace is free), each slot takes one of its position's valid values. Backtracking,
    /// memoized on (segment, offset), settles values that are prefixes of one another.
    /// </summary>
    /// <exception cref="ArchitectureFormatException">The text does not fit the template; the message says where and what was expected.</exception>
    public int[] ParseText(string text)
    {
        var state = new ParseState(text, new int[Length]);
        if (Match(state, 0, 0)) return state.Tokens;
        var at = Math.Min(state.Furthest, text.Length);
        var context = at >= text.Length ? "at the end" : $"at character {at + 1} ('{Excerpt(text, at)}')";
        var example = (int[])Valid.Select(v => v[0]).ToArray().Clone();
        Canonicalize(example);
        throw new ArchitectureFormatException(
            $"'{text.Trim()}' is not an architecture of the '{Name}' space: {context} expected {string.Join(" or ", state.Expected.Take(12))}. "
            + $"Architectures of this space look like: {Render(example, Text)}");
    }

    private sealed class ParseState(string text, int[] tokens)
    {
        public string Text { get; } = text;
        public int[] Tokens { get; } = tokens;
        public HashSet<(int, int)> Failed { get; } = [];
        public int Furthest { get; set; } = -1;
        public List<string> Expected { get; } = [];

        public void Expect(int offset, string what)
        {
            if (offset > Furthest)
            {
                Furthest = offset;
                Expected.Clear();
            }
            if (offset == Furthest && !Expected.Contains(what)) Expected.Add(what);
        }
    }

    private bool Match(ParseState state, int segment, int offset)
    {
        var text = state.Text;
        offset = SkipSpace(text, offset);
        if (segment == Text.Length)
        {
            if (offset == text.Length) return true;
            state.Expect(offset, "the end of the text");
            return false;
        }
        if (!state.Failed.Add((segment, offset))) return false;
        var current = Text[segment];
        if (current.Literal is { } literal)
        {
            var at = offset;
            foreach (var c in literal)
            {
                if (char.IsWhiteSpace(c)) continue;
                at = SkipSpace(text, at);
                if (at >= text.Length || text[at] != c)
                {
                    state.Expect(at, $"'{literal.Trim()}'");
                    return false;
                }
                at++;
            }
            return Match(state, segment + 1, at);
        }
        var position = current.Position;
        var any = false;
        foreach (var token in Valid[position].OrderByDescending(t => ValueText(t).Length))
        {
            var value = ValueText(token);
            if (string.CompareOrdinal(text, offset, value, 0, value.Length) != 0 || offset + value.Length > text.Length) continue;
            any = true;
            state.Tokens[position] = token;
            if (Match(state, segment + 1, offset + value.Length)) return true;
        }
        if (!any)
        {
            state.Expect(offset, $"a value of {Paths[position]} ({string.Join(", ", Valid[position].Select(ValueText))})");
        }
        return false;
    }

    private static int SkipSpace(string text, int offset)
    {
        while (offset < text.Length && char.IsWhiteSpace(text[offset])) offset++;
        return offset;
    }

    private static string Excerpt(string text, int at) => text.Length - at <= 20 ? text[at..] : text.Substring(at, 20) + "…";
}
