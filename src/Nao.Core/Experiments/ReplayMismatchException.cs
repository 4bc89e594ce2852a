namespace Nao.Experiments;

/// <summary>
/// A resumed search asked for a different architecture than the stored run did at the same trial index, so the
/// stored trials cannot be continued faithfully (the code, the options or a controller checkpoint changed).
/// </summary>
public sealed class ReplayMismatchException(string message) : Exception(message);
