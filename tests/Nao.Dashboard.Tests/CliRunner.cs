using Nao.Cli;

namespace Nao.Tests;

/// <summary>Runs the <c>nao</c> command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    /// <summary>The exit code and both output streams of one invocation.</summary>
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>Runs <c>nao</c> with the given arguments.</summary>
    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = NaoApp.RunAsync(args, output, error).GetAwaiter().GetResult();
        return new Result(code, output.ToString(), error.ToString());
    }
}
