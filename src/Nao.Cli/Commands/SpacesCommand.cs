using System.CommandLine;
using System.Globalization;
using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;

namespace Nao.Cli.Commands;

/// <summary><c>nao spaces</c>: lists the search spaces with their size, token count and operations.</summary>
public static class SpacesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("SPACE-FILE") { Description = "Space files (YAML or JSON) to list after the built-in spaces.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("spaces", "List the search spaces: size, tokens per architecture, operations; with SPACE-FILE arguments, also the spaces those files define.")
        {
            files,
        };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            // Every file is read before anything is printed, so a malformed one fails with its line and nothing else.
            var fromFiles = (parse.GetValue(files) ?? []).Select(f => (ISearchSpace)SpaceFiles.Load(f.FullName)).ToList();
            foreach (var space in SearchSpaceRegistry.All.Concat(fromFiles))
            {
                console.Out.WriteLine(space is FileSearchSpace file ? $"{space.Name} (from {file.SourceName})" : space.Name);
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
