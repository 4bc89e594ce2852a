using System.CommandLine;
using Nao.SearchSpaces;

namespace Nao.Cli.Commands;

/// <summary><c>nao show</c>: canonical form, tokens and a drawing of an architecture.</summary>
public static class ShowCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var architecture = new Argument<string>("NAME-OR-ARCH") { Description = "A published name (NAONet, NAONet-WS, NAO-RNN, ENAS, ENAS-RNN) or an architecture string." };
        var space = new Option<string?>("--space") { Description = "The search space (nasnet, enas, enas-rnn, nb201); inferred when omitted." };
        var command = new Command("show", "Print an architecture's canonical form, its token sequence and a drawing of each cell.")
        {
            architecture, space,
        };
        command.SetAction((parse, ct) => console.RunAsync(() =>
        {
            var reference = ArchitectureReference.Resolve(parse.GetValue(architecture)!, parse.GetValue(space));
            var tokens = reference.Space.Tokenizer.Tokenize(reference.Genotype);
            if (reference.PublishedName is not null) console.Out.WriteLine($"name:      {reference.PublishedName}");
            console.Out.WriteLine($"space:     {reference.Space.Name}");
            console.Out.WriteLine($"canonical: {reference.Genotype.Canonical}");
            console.Out.WriteLine($"tokens:    {string.Join(' ', tokens)}");
            console.Out.WriteLine($"hash:      {reference.Genotype.Hash}");
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
