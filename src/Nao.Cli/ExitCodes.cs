namespace Nao.Cli;

/// <summary>Process exit codes of <c>nao</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed (a diverged training, an I/O error).</summary>
    public const int Failure = 1;

    /// <summary>The user asked for something invalid: unknown name, malformed architecture, option out of range, missing file.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl-C; state was saved where the command keeps any.</summary>
    public const int Cancelled = 130;
}
