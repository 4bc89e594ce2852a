namespace Nao.Cli;

/// <summary>An invalid combination or value of options; the message names the option and the fix.</summary>
public sealed class UsageException(string message) : Exception(message);
