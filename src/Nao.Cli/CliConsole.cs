using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.SearchSpaces.Files;
using Nao.Sessions;
using Nao.Storage;

namespace Nao.Cli;

/// <summary>
/// Where commands write, and the one place that turns exceptions into messages and exit codes, so every
/// command reports user errors the same way.
/// </summary>
/// <param name="output">Standard output.</param>
/// <param name="error">Standard error.</param>
/// <param name="arguments">
/// The command line, so that errors quoting a long or binary argument show it shortened (<see cref="ArgumentText"/>).
/// Default: none.
/// </param>
public sealed class CliConsole(TextWriter output, TextWriter error, IReadOnlyList<string>? arguments = null)
{
    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error: progress, warnings, errors.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Runs a command body and maps its exceptions to exit codes.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (IsUsageError(e))
        {
            Error.WriteLine($"error: {Clean(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            Error.WriteLine($"error: {e.GetType().Name}: {Clean(e.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Runs a synchronous command body and maps its exceptions to exit codes.</summary>
    public Task<int> RunAsync(Func<int> body, CancellationToken cancellationToken) =>
        RunAsync(_ => Task.FromResult(body()), cancellationToken);

    private string Clean(string message) => ArgumentText.Clean(message, arguments ?? []);

    private static bool IsUsageError(Exception e) => e is ArchitectureFormatException or UnknownNameException or UsageException
        or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or RunLockedException or SearchSetupException or SpaceFileException;
}
