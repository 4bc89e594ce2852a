using System.Globalization;
using System.Text;

namespace Nao.Cli;

/// <summary>
/// Makes what the user typed safe to quote in an error: control bytes written as \x07, and a long argument (a file's
/// contents pasted by mistake, a binary blob) cut to its start with a count of the rest, so one error stays one line.
/// </summary>
public static class ArgumentText
{
    /// <summary>How many characters of an argument an error quotes before it cuts the rest short.</summary>
    public const int MaxQuoted = 80;

    /// <summary>The text with control characters escaped and, past <see cref="MaxQuoted"/> characters, cut short.</summary>
    public static string Shorten(string text)
    {
        var shown = new StringBuilder();
        var taken = 0;
        while (taken < text.Length && shown.Length < MaxQuoted) AppendEscaped(shown, text[taken++]);
        var rest = text.Length - taken;
        return rest == 0 ? shown.ToString() : string.Create(CultureInfo.InvariantCulture, $"{shown}… ({rest} more character{(rest == 1 ? "" : "s")})");
    }

    /// <summary>
    /// An error message with every long or control-laden argument of <paramref name="arguments"/> that it quotes
    /// shortened, and any control character left (other than line breaks) escaped.
    /// </summary>
    public static string Clean(string message, IReadOnlyList<string> arguments)
    {
        // Longest first, so an argument that contains another is replaced whole.
        foreach (var argument in arguments.Distinct().OrderByDescending(a => a.Length))
        {
            var shortened = Shorten(argument);
            if (shortened != argument && argument.Length > 0) message = message.Replace(argument, shortened, StringComparison.Ordinal);
        }
        var cleaned = new StringBuilder(message.Length);
        foreach (var c in message)
        {
            if (c is '\n' or '\r') cleaned.Append(c);
            else AppendEscaped(cleaned, c);
        }
        return cleaned.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        if (char.IsControl(c)) builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
        else builder.Append(c);
    }
}
