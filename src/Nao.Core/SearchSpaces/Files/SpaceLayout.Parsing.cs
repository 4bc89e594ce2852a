using Nao.Genotypes;

namespace Nao.SearchSpaces.Files;

internal sealed partial class SpaceLayout
{
    private const int MaxProbes = 1_000;

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

    /// <summary>
    /// Checks that texts read back as the architectures they came from, for every value at every position (the
    /// others at their first value) and for a few seeded random architectures. A format that lets two values run
    /// together (<c>{a}{b}</c> with values 1, 11) fails here, at load, rather than in the middle of a run.
    /// </summary>
    /// <returns>Null when all read back; otherwise what went wrong, for the error message.</returns>
    public string? FindUnreadableText()
    {
        var baseline = Valid.Select(v => v[0]).ToArray();
        var probes = new List<int[]>();
        for (var p = 0; p < Length; p++)
        {
            foreach (var token in Valid[p])
            {
                var probe = (int[])baseline.Clone();
                probe[p] = token;
                probes.Add(probe);
            }
        }
        // Huge spaces repeat the same template; a strided subset keeps loading fast.
        if (probes.Count > MaxProbes) probes = [.. probes.Where((_, i) => i % (probes.Count / MaxProbes + 1) == 0)];
        var random = new Random(0);
        for (var i = 0; i < 32; i++) probes.Add([.. Valid.Select(v => v[random.Next(v.Length)])]);
        foreach (var probe in probes)
        {
            Canonicalize(probe);
            var text = Render(probe, Text);
            int[] read;
            try
            {
                read = ParseText(text);
            }
            catch (Genotypes.ArchitectureFormatException e)
            {
                return $"the text '{text}' does not read back: {e.Message}";
            }
            Canonicalize(read);
            var differs = Enumerable.Range(0, Length).FirstOrDefault(p => read[p] != probe[p], -1);
            if (differs >= 0)
            {
                return $"the text '{text}' reads back with {Paths[differs]} = '{ValueText(read[differs])}' instead of '{ValueText(probe[differs])}'";
            }
        }
        return null;
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

    // Depth-first over (segment, offset) with an explicit stack, so a space of thousands of decisions cannot
    // overflow the call stack; a (segment, offset) that failed once is not tried again.
    private bool Match(ParseState state, int segment, int offset)
    {
        var stack = new Stack<(int Segment, int Offset, int[] Ends, int[] Tokens, int Next)>();
        var text = state.Text;
        while (true)
        {
            offset = SkipSpace(text, offset);
            var advanced = false;
            if (segment == Text.Length)
            {
                if (offset == text.Length) return true;
                state.Expect(offset, "the end of the text");
            }
            else if (state.Failed.Add((segment, offset)))
            {
                var (ends, tokens) = Candidates(state, segment, offset);
                if (ends.Length > 0)
                {
                    stack.Push((segment, offset, ends, tokens, 0));
                    advanced = true;
                }
            }
            if (!advanced)
            {
                // Backtrack to the nearest segment with an untried candidate.
                while (stack.Count > 0 && stack.Peek().Next >= stack.Peek().Ends.Length) stack.Pop();
                if (stack.Count == 0) return false;
            }
            var top = stack.Pop();
            stack.Push(top with { Next = top.Next + 1 });
            if (top.Tokens.Length > 0) state.Tokens[Text[top.Segment].Position] = top.Tokens[top.Next];
            (segment, offset) = (top.Segment + 1, top.Ends[top.Next]);
        }
    }

    /// <summary>Where the segment can end when it starts at <paramref name="offset"/> (longest value first), and the token of each.</summary>
    private (int[] Ends, int[] Tokens) Candidates(ParseState state, int segment, int offset)
    {
        var text = state.Text;
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
                    return ([], []);
                }
                at++;
            }
            return ([at], []);
        }
        var position = current.Position;
        var matches = Valid[position]
            .Where(t => string.CompareOrdinal(text, offset, ValueText(t), 0, ValueText(t).Length) == 0 && offset + ValueText(t).Length <= text.Length)
            .OrderByDescending(t => ValueText(t).Length).ToArray();
        if (matches.Length == 0)
        {
            state.Expect(offset, $"a value of {Paths[position]} ({string.Join(", ", Valid[position].Select(ValueText))})");
        }
        return ([.. matches.Select(t => offset + ValueText(t).Length)], matches);
    }

    private static int SkipSpace(string text, int offset)
    {
        while (offset < text.Length && char.IsWhiteSpace(text[offset])) offset++;
        return offset;
    }

    private static string Excerpt(string text, int at) => text.Length - at <= 20 ? text[at..] : text.Substring(at, 20) + "…";
}
