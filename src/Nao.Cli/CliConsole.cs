using Nao.Genotypes;
using Nao.SearchSpaces;
using Nao.Storage;

namespace Nao.Cli;

/// <summary>
/// Where commands write, and the one place that turns exceptions into messages and exit codes, so every
/// command reports user errors the same way.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
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
            Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Runs a synchronous command body and maps its exceptions to exit codes.</summary>
    public Task<int> RunAsync(Func<int> body, CancellationToken cancellationToken) =>
        RunAsync(_ => Task.FromResult(body()), cancellationToken);

    private static bool IsUsageError(Exception e) => e is ArchitectureFormatException or UnknownNameException or UsageException
        or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or RunLockedException;
}
