using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Nao.Cluster.Hosting;

namespace Nao.Tests.Hosting;

public sealed class BriefLogFormatterTests
{
    [Fact]
    public void An_error_with_a_wrapped_exception_is_one_line_naming_the_cause_without_stack_frames()
    {
        Exception error;
        try
        {
            try
            {
                throw new System.Net.Sockets.SocketException(111);
            }
            catch (Exception inner)
            {
                throw new InvalidOperationException("Failed to connect to 127.0.0.1:1\nsecond line", inner);
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        Assert.Contains(" at ", error.ToString()); // what the default formatter would print

        var text = Format(LogLevel.Error, "Orleans.Runtime.MembershipService.MembershipTableManager", "Membership failed to start", error);

        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.StartsWith("fail: Orleans MembershipTableManager: Membership failed to start (SocketException: ", text);
        Assert.Contains("--verbose shows the stack trace", text);
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public void A_message_with_line_breaks_becomes_one_line()
    {
        var text = Format(LogLevel.Warning, "Orleans.Silo", "first\r\n  second", exception: null);

        Assert.Equal("warn: Orleans Silo: first second\n", text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, BriefLogFormatter.FormatterName)]
    [InlineData(true, ConsoleFormatterNames.Simple)]
    public void Orleans_logs_through_the_brief_formatter_unless_verbose(bool verbose, string formatter)
    {
        using var services = new ServiceCollection().AddLogging(logging => OrleansSetup.ConfigureLogging(logging, verbose)).BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(formatter, options.FormatterName ?? ConsoleFormatterNames.Simple);
        Assert.Contains(services.GetServices<ConsoleFormatter>(), f => f.Name == BriefLogFormatter.FormatterName);
    }

    private static string Format(LogLevel level, string category, string message, Exception? exception)
    {
        var writer = new StringWriter();
        var entry = new LogEntry<string>(level, category, new EventId(1), message, exception, (state, _) => state);
        new BriefLogFormatter().Write(entry, scopeProvider: null, writer);
        return writer.ToString();
    }
}
