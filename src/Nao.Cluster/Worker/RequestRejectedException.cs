namespace Nao.Cluster.Worker;

/// <summary>A worker refuses an evaluation request; the message says what is wrong and how to fix it.</summary>
public sealed class RequestRejectedException(string message, Exception? inner = null) : Exception(message, inner);
