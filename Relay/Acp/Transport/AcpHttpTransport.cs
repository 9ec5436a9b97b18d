using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>
/// The core's view of a Streamable HTTP connection. Its messages travel on the connection's SSE streams, never through
/// the core's outbox; the core only closes it (admin close, backplane close), which ends the connection.
/// </summary>
public sealed class AcpHttpTransport(AcpHttpConnection connection) : IFrameTransport
{
    public ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        connection.End(reason);
        return ValueTask.CompletedTask;
    }

    public void Abort() => connection.End("aborted");
}
