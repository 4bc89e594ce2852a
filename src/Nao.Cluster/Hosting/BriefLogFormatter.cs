using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Nao.Cluster.Hosting;

/// <summary>
/// Orleans' log lines as a search user wants them: one line per entry, the exception's type and message without its
/// stack trace. A failed start otherwise printed four screens of Npgsql and Orleans frames before Nao's own one-line
/// error that says what to fix. <c>--verbose</c> keeps the full entries (the simple console formatter).
/// </summary>
internal sealed class BriefLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "nao-brief";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, null);
        textWriter.Write($"{Level(logEntry.LogLevel)}: {ShortCategory(logEntry.Category)}: {OneLine(message)}");
        // The innermost exception names the cause (a refused connection, a wrong password); the outer ones wrap it.
        if (logEntry.Exception is { } exception)
        {
            var cause = exception.GetBaseException();
            textWriter.Write($" ({cause.GetType().Name}: {OneLine(cause.Message)}; --verbose shows the stack trace)");
        }
        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit",
        LogLevel.Error => "fail",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        _ => "dbug",
    };

    /// <summary>"Orleans.Runtime.MembershipService.MembershipTableManager" → "Orleans MembershipTableManager".</summary>
    private static string ShortCategory(string category)
    {
        var parts = category.Split('.');
        return parts.Length <= 1 ? category : $"{parts[0]} {parts[^1]}";
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
