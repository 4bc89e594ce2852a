using System.Globalization;

namespace Nao.SearchSpaces.Files;

/// <summary>
/// The tiny expression language of bounds and counts: integers and repetition index variables joined by
/// <c>+</c> and <c>-</c>, e.g. <c>node + 1</c>. Deliberately no more: a space file describes, it does not compute.
/// </summary>
internal sealed class BoundExpression
{
    private readonly (int Sign, int? Constant, string? Variable)[] _terms;

    private BoundExpression(string text, (int, int?, string?)[] terms)
    {
        Text = text;
        _terms = terms;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The index variables it reads.</summary>
    public IEnumerable<string> Variables => _terms.Where(t => t.Variable is not null).Select(t => t.Variable!);

    /// <summary>Parses the expression; returns null and a reason when it is not one.</summary>
    public static BoundExpression? TryParse(string text, out string error)
    {
        error = "";
        var terms = new List<(int, int?, string?)>();
        var i = 0;
        var sign = 1;
        var expectTerm = true;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) break;
            var c = text[i];
            if (expectTerm)
            {
                var start = i;
                if (char.IsDigit(c))
                {
                    while (i < text.Length && char.IsDigit(text[i])) i++;
                    if (!int.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    {
                        error = $"the number '{text[start..i]}' is too large";
                        return null;
                    }
                    terms.Add((sign, value, null));
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                    terms.Add((sign, null, text[start..i]));
                }
                else if (c == '-' && terms.Count == 0 && sign == 1)
                {
                    sign = -1;
                    i++;
                    continue;
                }
                else
                {
                    error = $"expected a number or an index variable at '{text[i..]}'";
                    return null;
                }
                expectTerm = false;
            }
            else
            {
                if (c is not ('+' or '-'))
                {
                    error = $"expected '+' or '-' at '{text[i..]}' (only integers, index variables, + and - are allowed)";
                    return null;
                }
                sign = c == '+' ? 1 : -1;
                i++;
                expectTerm = true;
            }
        }
        if (terms.Count == 0 || expectTerm)
        {
            error = terms.Count == 0 ? "the expression is empty" : "the expression ends with an operator";
            return null;
        }
        return new BoundExpression(text, [.. terms]);
    }

    /// <summary>The value with the given index variables; every variable it reads must be bound.</summary>
    public int Evaluate(IReadOnlyDictionary<string, int> variables)
    {
        long sum = 0;
        foreach (var (sign, constant, variable) in _terms) sum += sign * (long)(constant ?? variables[variable!]);
        return (int)Math.Clamp(sum, int.MinValue, int.MaxValue);
    }
}
