namespace Nao.Sessions;

/// <summary>
/// A search that cannot start or resume as asked: a bad option, a folder that already holds a run, a budget below the
/// trials recorded. The message names the problem and the fix; nothing was written.
/// </summary>
public sealed class SearchSetupException(string message, Exception? inner = null) : Exception(message, inner);
