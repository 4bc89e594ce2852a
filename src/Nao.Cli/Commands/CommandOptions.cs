using System.CommandLine;
using System.Globalization;

namespace Nao.Cli.Commands;

/// <summary>Small helpers shared by the model commands: option checks that fail with a message naming the option and the fix.</summary>
internal static class CommandOptions
{
    /// <summary>Throws a <see cref="UsageException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new UsageException(message);
    }

    /// <summary>Whether the user typed the option (as opposed to its default applying).</summary>
    public static bool WasGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>Refuses options that do not apply to the chosen kind of network.</summary>
    public static void RejectGiven(ParseResult parse, string space, IEnumerable<Option> options)
    {
        var given = options.Where(o => WasGiven(parse, o)).Select(o => o.Name).ToList();
        Require(given.Count == 0, $"{string.Join(", ", given)} {(given.Count == 1 ? "does" : "do")} not apply to the {space} space; remove {(given.Count == 1 ? "it" : "them")}.");
    }

    /// <summary>A count like 11,470,150 (11.47M).</summary>
    public static string FormatCount(long count) =>
        count >= 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} ({count / 1e6:F2}M)")
            : string.Create(CultureInfo.InvariantCulture, $"{count:N0} ({count / 1e3:F1}K)");
}
