using System.CommandLine;
using Nao.Cli.Commands;

namespace Nao.Cli;

/// <summary>The <c>nao</c> command line: the root command and its subcommands.</summary>
public static class NaoApp
{
    /// <summary>Builds the command tree; every subcommand writes through <paramref name="console"/>.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("Nao: Neural Architecture Optimization (Luo et al., NeurIPS 2018) for .NET.");
        root.Subcommands.Add(SpacesCommand.Create(console));
        root.Subcommands.Add(ShowCommand.Create(console));
        root.Subcommands.Add(SearchCommand.Create(console));
        root.Subcommands.Add(RunsCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(WorkerCommand.Create(console));
        root.Subcommands.Add(ParamsCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(ControllerCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        return root;
    }

    /// <summary>Parses and runs a command line. Exit codes: 0 success, 1 failure, 2 usage error, 130 cancelled.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(output, error, args);
        var root = BuildRoot(console);
        var parseResult = root.Parse(args);
        var messages = ParseErrorMessages.For(parseResult, args);
        if (messages.Count > 0)
        {
            foreach (var message in messages) error.WriteLine($"error: {message}");
            error.WriteLine("Run 'nao --help' (or 'nao COMMAND --help') for the valid commands and options.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
