using System.Net.Sockets;
using Nao.Cluster.Coordinator;

namespace Nao.Tests.Coordinator;

public sealed class ClusterEvaluatorTests
{
    [Fact]
    public void Refused_connections_are_recognised_in_Orleans_forwarded_errors_and_in_socket_errors()
    {
        Assert.True(ClusterEvaluator.IsConnectionFailure(new Exception(
            "Exception while sending message: Orleans.Runtime.Messaging.ConnectionFailedException: Unable to connect to endpoint S127.0.0.1:11113:154580816. See InnerException")));
        Assert.True(ClusterEvaluator.IsConnectionFailure(new InvalidOperationException("outer", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(ClusterEvaluator.IsConnectionFailure(new TimeoutException("The operation has timed out.")));
    }
}
