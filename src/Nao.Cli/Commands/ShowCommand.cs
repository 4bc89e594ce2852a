using System.CommandLine;
using Nao.Rendering;
using Nao.SearchSpaces;

namespace Nao.Cli.Commands;

/// <summary><c>nao show</c>: canonical form, tokens and a drawing of an architecture.</summary>
public static class ShowCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var architecture = new Argument<string>("NAME-OR-ARCH")
        {
            Description = "A published name (" + string.Join(", ", PublishedArchitectures.All.Select(a => a.Name)) + ") or an architecture string.",
        };
        var space = new Option<string?>("--space") { Description = "The search space (nasnet, enas, enas-rnn, nb201); inferred when omitted." };
        var spaceFile = new Option<FileInfo?>("--space-file") { Description = "The architecture belongs to the space this YAML or JSON space file defines." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write a picture of the cells to this SVG file." };
        var command = new Command("show", "Print an architecture's canonical form, its token sequence and a drawing of each cell.")
        {
            architecture, space, spaceFile, svg,
        };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            ArchitectureReference reference;
            if (parse.GetValue(spaceFile) is { } file)
            {
                CommandOptions.Require(parse.GetValue(space) is null, "--space and --space-file both name the search space; keep one.");
                var fileSpace = SpaceFiles.Load(file.FullName);
                reference = new ArchitectureReference(fileSpace, fileSpace.Parse(parse.GetValue(architecture)!), null);
            }
            else
            {
                reference = ArchitectureReference.Resolve(parse.GetValue(architecture)!, parse.GetValue(space));
            }
            var tokens = reference.Space.Tokenizer.Tokenize(reference.Genotype);
            if (reference.PublishedName is not null) console.Out.WriteLine($"name:      {reference.PublishedName}");
            console.Out.WriteLine($"space:     {reference.Space.Name}");
            console.Out.WriteLine($"canonical: {reference.Genotype.Canonical}");
            console.Out.WriteLine($"tokens:    {string.Join(' ', tokens)}");
            console.Out.WriteLine($"hash:      {reference.Genotype.Hash}");
            console.Out.WriteLine();
            console.Out.Write(TextDrawing.Draw(reference.Genotype));
            if (parse.GetValue(svg) is { } svgFile)
            {
                CommandOptions.Require(CellGraph.CanDraw(reference.Genotype), $"--svg draws the cells of the built-in spaces; '{reference.Space.Name}' architectures have no cell drawing (the lines above are its drawing). Drop --svg.");
                var caption = $"{reference.PublishedName ?? reference.Genotype.Hash} ({reference.Space.Name})";
                File.WriteAllText(svgFile.FullName, SvgDrawing.Render(reference.Genotype, caption));
                console.Error.WriteLine($"wrote {svgFile.FullName}");
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
