using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Nao.Cli;

/// <summary>
/// The one place that turns System.CommandLine's parse errors into Nao's messages: a value of the wrong type says what
/// the option takes in words, a misspelled option or command suggests the closest valid one, and every quoted argument
/// is shortened and escaped (<see cref="ArgumentText"/>). Errors it does not recognize keep System.CommandLine's text.
/// </summary>
public static class ParseErrorMessages
{
    /// <summary>One message per problem, without the "error: " prefix; none when the command line is fine.</summary>
    public static IReadOnlyList<string> For(ParseResult parse, IReadOnlyList<string> arguments)
    {
        var messages = new List<string>();
        var command = parse.CommandResult;
        var unknown = UnknownTokens(parse, arguments, out var unknownCommand);
        foreach (var error in parse.Errors)
        {
            if (error.SymbolResult is null or CommandResult && (unknown.Any(u => error.Message.Contains($"'{u.Token}'", StringComparison.Ordinal)) || unknownCommand))
            {
                continue; // Replaced by the messages about unknown tokens below (and "required command missing" by "unknown command").
            }
            messages.Add(OptionOf(error.SymbolResult) is { } option ? ValueMessage(option, error) : error.Message);
        }
        foreach (var (token, isValue) in unknown)
        {
            if (!isValue) messages.Add(UnknownTokenMessage(command, token));
        }
        // A command with a positional argument takes a misspelled option as that argument ("nao runs --jsno" would list
        // a folder named --jsno); no argument of Nao's begins with "--", so such a value is an unknown option.
        foreach (var argument in command.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens.Select(t => t.Value).Where(v => v.StartsWith("--", StringComparison.Ordinal) && v.Length > 2))
            {
                messages.Add(UnknownTokenMessage(command, token));
            }
        }
        return [.. messages.Select(m => ArgumentText.Clean(m, arguments))];
    }

    /// <summary>The option a symbol result belongs to, for errors about an option's value.</summary>
    private static Option? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult o => o.Option,
        ArgumentResult { Parent: OptionResult o } => o.Option,
        _ => null,
    };

    /// <summary>"--seed takes an integer, not 'abc' (e.g. --seed 0)"; a missing value the same way.</summary>
    private static string ValueMessage(Option option, ParseError error)
    {
        if (OptionRanges.Describe(option) is not { } kind || kind == "true or false") return error.Message;
        var tokens = error.SymbolResult!.Tokens;
        var example = $"{option.Name} {Example(option)}";
        if (tokens.Count == 0) return $"{option.Name} needs a value: {kind} (e.g. {example}).";
        var bad = tokens.Select(t => t.Value).FirstOrDefault(v => !IsNumber(v, option));
        return bad is null ? error.Message : $"{option.Name} takes {kind}, not '{ArgumentText.Shorten(bad)}' (e.g. {example}).";
    }

    private static bool IsNumber(string text, Option option)
    {
        var type = option.ValueType.IsArray ? option.ValueType.GetElementType()! : option.ValueType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(double) || type == typeof(float) || type == typeof(decimal)
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && (type != typeof(int) || n is >= int.MinValue and <= int.MaxValue);
    }

    /// <summary>A valid value to show: the option's default when it is a number, else its minimum, else 1.</summary>
    private static string Example(Option option)
    {
        var value = option.HasDefaultValue ? option.GetDefaultValue() : null;
        if (value is IFormattable number and not Enum) return number.ToString(null, CultureInfo.InvariantCulture);
        return (OptionRanges.Minimum(option) ?? 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The tokens nothing matched, in command-line order. A word right after an unknown option is taken as that option's
    /// value (<c>--budgte 20</c> is one mistake, not two). <paramref name="unknownCommand"/>: a word where a subcommand belongs.
    /// </summary>
    private static List<(string Token, bool IsValue)> UnknownTokens(ParseResult parse, IReadOnlyList<string> arguments, out bool unknownCommand)
    {
        var result = new List<(string, bool)>();
        var position = 0;
        var previousWasUnknownOption = false;
        var previousIndex = -2;
        unknownCommand = false;
        foreach (var token in parse.UnmatchedTokens)
        {
            var index = IndexOf(arguments, token, position);
            if (index >= 0) position = index + 1;
            var isOption = IsOptionLike(token);
            var isValue = !isOption && previousWasUnknownOption && index >= 0 && index == previousIndex + 1;
            if (!isOption && !isValue && parse.CommandResult.Command.Subcommands.Count > 0) unknownCommand = true;
            result.Add((token, isValue));
            previousWasUnknownOption = isOption;
            previousIndex = index;
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> arguments, string token, int from)
    {
        for (var i = from; i < arguments.Count; i++)
        {
            if (arguments[i] == token) return i;
        }
        return -1;
    }

    private static bool IsOptionLike(string token) =>
        token.StartsWith('-') && token.Length > 1 && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string UnknownTokenMessage(CommandResult command, string token)
    {
        var path = CommandPath(command);
        var quoted = ArgumentText.Shorten(token);
        if (IsOptionLike(token))
        {
            var name = token.Split('=', ':')[0];
            var suggestions = Closest(name, OptionNames(command));
            return suggestions.Count > 0
                ? $"'{quoted}' is not an option of '{path}'; did you mean {string.Join(" or ", suggestions)}? ('{path} --help' lists them.)"
                : $"'{quoted}' is not an option of '{path}'; '{path} --help' lists the valid ones.";
        }
        var subcommands = command.Command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        if (subcommands.Count > 0)
        {
            var suggestions = Closest(token, subcommands);
            return suggestions.Count > 0
                ? $"'{quoted}' is not a command of '{path}'; did you mean {string.Join(" or ", suggestions.Select(s => $"'{path} {s}'"))}?"
                : $"'{quoted}' is not a command of '{path}'; the commands are {string.Join(", ", subcommands)} ('{path} --help' says what each does).";
        }
        return $"unexpected argument '{quoted}' for '{path}'; '{path} --help' lists what it takes.";
    }

    /// <summary>"nao search", "nao controller evaluate": the root's own name is the test host's or dotnet's, so it is spelled out.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is CommandResult c; r = c.Parent)
        {
            if (c.Parent is not null) names.Insert(0, c.Command.Name);
        }
        return string.Join(' ', names.Prepend("nao"));
    }

    /// <summary>The options valid at this command: its own and the recursive ones of its parents (--help).</summary>
    private static List<string> OptionNames(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is CommandResult c; r = c.Parent)
        {
            foreach (var option in c.Command.Options.Where(o => !o.Hidden && (c == command || o.Recursive)))
            {
                names.Add(option.Name);
                names.AddRange(option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
            }
        }
        return names;
    }

    /// <summary>
    /// The closest names by edit distance (a swap of two neighbours counts as one edit), at most 2 edits (1 for short
    /// names); or the one name the token begins, like --strat for --strategy.
    /// </summary>
    internal static IReadOnlyList<string> Closest(string token, IReadOnlyList<string> names)
    {
        var bare = token.TrimStart('-').ToLowerInvariant();
        var scored = names.Distinct().Select(n => (Name: n, Distance: EditDistance(bare, n.TrimStart('-').ToLowerInvariant()))).ToList();
        var limit = bare.Length <= 4 ? 1 : 2;
        var best = scored.Where(s => s.Distance <= limit).ToList();
        if (best.Count > 0)
        {
            var min = best.Min(s => s.Distance);
            return [.. best.Where(s => s.Distance == min).Select(s => s.Name).Take(3)];
        }
        var prefixed = names.Distinct().Where(n => bare.Length >= 3 && n.TrimStart('-').StartsWith(bare, StringComparison.OrdinalIgnoreCase)).ToList();
        return prefixed.Count is >= 1 and <= 3 ? prefixed : [];
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
