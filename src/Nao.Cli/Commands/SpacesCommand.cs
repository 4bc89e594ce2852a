using System.CommandLine;
using System.Globalization;
using Nao.SearchSpaces;

namespace Nao.Cli.Commands;

/// <summary><c>nao spaces</c>: lists the search spaces with their size, token count and operations.</summary>
public static class SpacesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var command = new Command("spaces", "List the search spaces: size, tokens per architecture, operations.");
        command.SetAction((_, ct) => console.RunAsync(() =>
        {
            foreach (var space in SearchSpaceRegistry.All)
            {
                console.Out.WriteLine($"{space.Name}");
                console.Out.WriteLine($"  {space.Description}");
                console.Out.WriteLine($"  architectures: {FormatSize(space.Size)}");
                console.Out.WriteLine($"  tokens:        {space.Tokenizer.Length} (vocabulary {space.Tokenizer.VocabularySize})");
                console.Out.WriteLine($"  operations:    {string.Join(", ", space.Operations)}");
                var published = PublishedArchitectures.All.Where(a => a.Space == space).Select(a => a.Name).ToList();
                if (published.Count > 0) console.Out.WriteLine($"  published:     {string.Join(", ", published)}");
                console.Out.WriteLine();
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>Exact below a billion, otherwise in scientific notation with the exact digit count.</summary>
    internal static string FormatSize(System.Numerics.BigInteger size) =>
        size < 1_000_000_000
            ? size.ToString("N0", CultureInfo.InvariantCulture)
            : $"{((double)size).ToString("0.00e+00", CultureInfo.InvariantCulture)} ({size.ToString(CultureInfo.InvariantCulture).Length} digits)";
}
