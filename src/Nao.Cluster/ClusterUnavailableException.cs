namespace Nao.Cluster;

/// <summary>The cluster cannot be reached or joined, or has no worker; the message says what to check.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
